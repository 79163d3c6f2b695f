#!/usr/bin/env bash
# make bench-import: generate a 100,000-row ledger (CSV and .xlsx), import each into a fresh
# SQLite database and, when PostgreSQL answers on 127.0.0.1:5432, a fresh PostgreSQL database;
# print rows per second and peak memory. A benchmark, not a test: it asserts nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${BENCH_ROWS:-100000}
bin=target/release/laowu
work=$(mktemp -d /tmp/laowu-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
company=91141027MA0LW8XC2U   # the demo company (server/src/seed.rs)
export LAOWU_LOG_LEVEL=warn

measure() { # label, then the command; prints wall seconds and peak RSS
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/out" 2>&1 || { cat "$work/out"; return 1; }
  read -r secs kib < "$work/time"
  printf '%-34s %8.1f s  %8.0f rows/s  peak %6.0f MiB   (%s)\n' \
    "$label" "$secs" "$(echo "$rows / $secs" | bc -l)" "$(echo "$kib / 1024" | bc -l)" "$(tail -n 1 "$work/out")"
}

echo "generating $rows workers…"
LAOWU_DATA_DIR="$work/source" $bin seed --workers "$rows" > /dev/null
LAOWU_DATA_DIR="$work/source" $bin export --company $company --format csv -o "$work/ledger.csv"
LAOWU_DATA_DIR="$work/source" $bin export --company $company --format xlsx -o "$work/ledger.xlsx"
ls -l "$work/ledger.csv" "$work/ledger.xlsx" | awk '{printf "  %s %.1f MiB\n", $9, $5/1048576}'

for format in csv xlsx; do
  LAOWU_DATA_DIR="$work/sqlite-$format" $bin seed > /dev/null
  measure "SQLite, $format" env LAOWU_DATA_DIR="$work/sqlite-$format" \
    $bin import --company $company "$work/ledger.$format"
done

if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  for format in csv xlsx; do
    db="laowu_bench_${format}_$$"
    psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $db" postgres
    url="postgres://postgres@127.0.0.1:5432/$db"
    LAOWU_DATA_DIR="$work/pg-$format" LAOWU_DATABASE_URL=$url $bin seed > /dev/null
    measure "PostgreSQL, $format" env LAOWU_DATA_DIR="$work/pg-$format" LAOWU_DATABASE_URL=$url \
      $bin import --company $company "$work/ledger.$format"
    psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE $db WITH (FORCE)" postgres
  done
else
  echo "PostgreSQL not reachable on 127.0.0.1:5432: skipped"
fi
