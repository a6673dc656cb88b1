#!/usr/bin/env bash
# The release build: trunk, its stylesheets joined into one (scripts/stylesheet.mjs),
# then the Content-Security-Policy (scripts/csp.mjs).
# Expects the tools of scripts/setup.sh on PATH (scripts/env.sh).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
trunk build --release --locked "$@"
node scripts/stylesheet.mjs dist/index.html
node scripts/csp.mjs dist/index.html
