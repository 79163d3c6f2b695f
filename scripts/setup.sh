#!/usr/bin/env bash
# Installs whatever the build needs and is missing; safe to run any number of times.
#   scripts/setup.sh          toolchain for building and running (wasm32 target, wasm-bindgen CLI)
#   scripts/setup.sh test     also what the tests need (Chromium, the browser-test driver)
# Nothing is installed when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

# 1. The WebAssembly target: rustup's prebuilt std when it can be downloaded, otherwise the
#    offline route (docs/ARCHITECTURE.md, "Offline WebAssembly builds"): Debian's rustc-web
#    builds std from source. scripts/build-bundle.sh picks whichever is present.
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  :
elif timeout 180 rustup target add wasm32-unknown-unknown; then
  say "installed the wasm32-unknown-unknown target with rustup"
elif [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust/library ]; then
  :
else
  say "rustup cannot download the wasm32 target; using Debian's rustc-web with build-std"
  apt_install rustc-web cargo-web rust-web-src
fi

# 2. The wasm-bindgen CLI, at exactly the version of the wasm-bindgen crate in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (was: ${have:-none}); takes about 5 minutes once"
  # Not --locked: its lock file pins a webpki-roots release that is no longer on the index.
  cargo install wasm-bindgen-cli --version "=$want"
fi

# 3. The CJK font contract PDFs embed (WenQuanYi Micro Hei: Chinese, Latin and digits in one
#    face; Apache-2.0). A deployment may point `contract_font` at another TrueType font.
if [ ! -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
  say "installing the contract font (fonts-wqy-microhei)"
  apt_install fonts-wqy-microhei
fi

# 4. brotli, which compresses the browser bundle once at build time (the server sends the .br
#    or .gz file to browsers that accept it: 8.6 MB of WebAssembly travels as about 1.3 MB).
if ! command -v brotli >/dev/null 2>&1; then
  say "installing brotli for the bundle's precompressed copies"
  apt_install brotli
fi

if [ "${1:-}" = "test" ]; then
  # 4. Headless Chromium from Debian (browsers downloaded by test tools cannot reach us here).
  if ! command -v chromium >/dev/null 2>&1; then
    say "installing Debian's chromium for the browser test"
    apt_install chromium
  fi
  # HAProxy, the load balancer the cluster test and `make bench-cluster` put in front of
  # several nodes (run by the test itself, never as a service).
  if ! command -v haproxy >/dev/null 2>&1 && [ ! -x /usr/sbin/haproxy ]; then
    say "installing haproxy for the cluster test"
    apt_install haproxy
  fi
  # 5. pdftotext, which the contract tests read PDFs with.
  if ! command -v pdftotext >/dev/null 2>&1; then
    say "installing poppler-utils for the PDF checks"
    apt_install poppler-utils
  fi
  # 6. The browser-test driver (playwright-core only: it never downloads a browser).
  if [ ! -d tests/browser/node_modules/playwright-core ]; then
    say "installing the browser-test driver (npm ci)"
    (cd tests/browser && npm ci --no-audit --no-fund --silent)
  fi
fi
