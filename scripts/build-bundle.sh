#!/usr/bin/env bash
# Builds the browser bundle into target/site/pkg: laowu.js, laowu_bg.wasm, laowu.css.
# The app crate is compiled with only its `hydrate` feature into its own target directory
# (target/front), so the server's `ssr` build never shares features or artefacts with it.
set -euo pipefail
cd "$(dirname "$0")/.."

site=${LAOWU_SITE_ROOT:-target/site}
wasm=target/front/wasm32-unknown-unknown/wasm-release/app.wasm
args=(build -p app --lib --target wasm32-unknown-unknown --profile wasm-release
      --no-default-features --features hydrate --target-dir target/front)

if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  cargo "${args[@]}"
else
  # Offline route: Debian's rustc-web compiles std for wasm32 itself (build-std), linked with
  # rustup's bundled rust-lld. Kept out of Cargo/config files so the normal path stays stable-only.
  lld=$(find "$(rustc --print sysroot)/lib/rustlib" -name rust-lld -type f | head -n 1)
  RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld" \
    /usr/bin/cargo "${args[@]}" -Z build-std=std,panic_abort
fi

mkdir -p "$site/pkg"
# Re-run wasm-bindgen only when the module changed, so a warm `make run` stays fast.
if [ ! -f "$site/pkg/laowu_bg.wasm" ] || [ "$wasm" -nt "$site/pkg/laowu_bg.wasm" ]; then
  wasm-bindgen --target web --remove-name-section --out-dir "$site/pkg" --out-name laowu "$wasm"
fi
cp style/main.css "$site/pkg/laowu.css"

# Precompressed copies, which the server's file handler sends to browsers that accept them
# (brotli over HTTPS, gzip otherwise). Redone only for files newer than their copies.
for file in "$site/pkg/laowu_bg.wasm" "$site/pkg/laowu.js" "$site/pkg/laowu.css"; do
  if [ ! -f "$file.gz" ] || [ "$file" -nt "$file.gz" ]; then
    gzip -9 -n -c "$file" > "$file.gz.tmp" && mv "$file.gz.tmp" "$file.gz"
  fi
  if ! command -v brotli >/dev/null 2>&1; then
    rm -f "$file.br" # never leave a stale copy to be served
  elif [ ! -f "$file.br" ] || [ "$file" -nt "$file.br" ]; then
    brotli -q 11 -f -o "$file.br" "$file"
  fi
done
