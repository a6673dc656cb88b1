#!/usr/bin/env bash
# Prints the benchmark figures: bundle bytes (raw and gzip) and the time from
# navigation to first render in headless Chromium. Asserts nothing.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
trunk build --release --locked >/dev/null
node e2e/bench.mjs
