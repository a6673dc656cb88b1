#!/usr/bin/env bash
# Prints the benchmark figures: bundle bytes (raw and gzip) and the time from
# navigation to first render in headless Chromium, each beside a bare yew
# app's, the repaint and animation figures, and the model's plan time
# natively and in wasm. Asserts nothing.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh" >/dev/null
# The yardstick: a bare yew app with the same profile, trunk and wasm-opt settings.
trunk build bench/bare/index.html --release --locked --dist target/bare-dist --public-url ./ >/dev/null
# The model benchmark in wasm: the bench crate, with the widget's release profile.
cargo build --release --locked --target wasm32-unknown-unknown -p aks-bench
wasm-bindgen --target web --out-dir target/bench-web \
  target/wasm32-unknown-unknown/release/aks_bench.wasm
node e2e/bench.mjs
echo
cargo run --release --locked -q -p aks-bench
