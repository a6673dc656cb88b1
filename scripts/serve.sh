#!/usr/bin/env bash
# Builds the widget and serves it at http://127.0.0.1:8080/, rebuilding on
# every change. Installs what it needs first (scripts/setup.sh, idempotent).
# Extra arguments go to `trunk serve` (for example --port 9000).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh" --build-only
printf '\nServing AKS Network Lab; open the URL trunk prints below (default http://127.0.0.1:8080/).\n\n'
exec trunk serve "$@"
