#!/usr/bin/env bash
# Builds the static release into dist/: copy that folder to any path on any
# static host (the build uses relative URLs). Installs its tools first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --build-only
"$ROOT/scripts/build.sh"
printf '\nRelease in %s:\n' "$ROOT/dist"
ls -l "$ROOT/dist"
