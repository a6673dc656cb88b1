#!/usr/bin/env bash
# Installs every tool the project needs, each only if it is missing or at the
# wrong version, so running it again costs seconds. Needs only the package
# registries: crates.io, npm and Debian's (nothing downloads its own binaries).
# With --build-only it skips what only the tests need (the browser).
set -euo pipefail
build_only=false
[[ "${1:-}" == "--build-only" ]] && build_only=true
source "$(dirname "$0")/env.sh"
cd "$ROOT"

TRUNK_VERSION=0.21.14 # 0.22 needs a newer rustc than these machines have.
# The wasm-bindgen CLI must match the library in Cargo.lock exactly, or trunk
# tries to download one (and fails offline).
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)

step() { printf '\n== %s\n' "$*"; }

step "Rust target wasm32-unknown-unknown"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

step "trunk $TRUNK_VERSION"
if [[ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]]; then
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if [[ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  # Not --locked: one of its locked dependencies is missing from the registry.
  cargo install --force "wasm-bindgen-cli@$WASM_BINDGEN_VERSION"
fi

step "Chromium and ChromeDriver (Debian)"
if $build_only; then
  echo "skipped (--build-only)"
elif [[ ! -x "$CHROMIUM" || ! -x "$CHROMEDRIVER" ]]; then
  if [[ $(id -u) -eq 0 ]]; then sudo=(); else sudo=(sudo); fi
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q chromium chromium-driver
fi

step "npm tools: wasm-opt (binaryen), playwright-core"
# The stamp is the lock file that node_modules was last installed from.
if ! cmp -s package-lock.json node_modules/.installed-from-lock.json 2>/dev/null; then
  npm ci --no-audit --no-fund
  cp package-lock.json node_modules/.installed-from-lock.json
fi

printf '\nTools ready: %s, %s, %s\n' "$(trunk --version)" "$(wasm-bindgen --version)" "$(wasm-opt --version)"
