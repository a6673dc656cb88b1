#!/usr/bin/env bash
# Every test the project has, in the order a failure is cheapest to find.
# Installs what it needs first (scripts/setup.sh, idempotent). Stops at the
# first failure with a non-zero exit.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
"$ROOT/scripts/setup.sh"

step() { printf '\n== %s\n' "$*"; }

step "Formatting (cargo fmt --check)"
cargo fmt --all --check

step "Lints, native (clippy -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Lints, wasm32 (clippy -D warnings)"
# The model's property tests use proptest's process forking, which wasm32 lacks:
# its library is linted for wasm32, its tests natively.
cargo clippy --target wasm32-unknown-unknown --locked -p aks-network-lab --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown --locked -p aks-model -p aks-bench --lib -- -D warnings

step "Model and app tests, native (cargo test)"
cargo test --workspace --locked

step "Component tests in headless Chromium (wasm-bindgen-test)"
cargo test --target wasm32-unknown-unknown --locked -p aks-network-lab

step "Release build (trunk build --release, then its Content-Security-Policy)"
"$ROOT/scripts/build.sh"

step "End-to-end tests in headless Chromium (Playwright)"
node --test --test-concurrency=1 e2e/
