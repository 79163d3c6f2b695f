#!/usr/bin/env bash
# Fails when the browser bundle passes the design's budget: 400 KB gzip for what a first page
# loads (laowu_bg.wasm + laowu.js, as gzip sends them), 1 MB for everything under /pkg. Pages
# are rendered on the server and only islands ship as WebAssembly (issue 23), so every page
# loads the same bundle and the first page's is the whole of it.
set -euo pipefail
cd "$(dirname "$0")/.."

site=${LAOWU_SITE_ROOT:-target/site}
first_page_budget=400000
total_budget=1000000

gzip_size() { gzip -9 -n -c "$1" | wc -c; }

first_page=0
for file in "$site/pkg/laowu_bg.wasm" "$site/pkg/laowu.js"; do
  [ -f "$file" ] || { echo "bundle size: $file is missing (run make bundle)" >&2; exit 1; }
  size=$(gzip_size "$file")
  echo "bundle size: $(basename "$file") $(wc -c < "$file") bytes, $size gzip"
  first_page=$((first_page + size))
done
css=$(gzip_size "$site/pkg/laowu.css")
total=$((first_page + css))
echo "bundle size: first page $first_page bytes gzip (budget $first_page_budget); with the stylesheet $total (budget $total_budget)"
if [ "$first_page" -gt "$first_page_budget" ]; then
  echo "bundle size: the first page's bundle is $first_page bytes gzip, past its budget of $first_page_budget" >&2
  exit 1
fi
if [ "$total" -gt "$total_budget" ]; then
  echo "bundle size: the shipped bundle is $total bytes gzip, past its budget of $total_budget" >&2
  exit 1
fi
