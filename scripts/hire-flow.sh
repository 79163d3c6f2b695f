#!/usr/bin/env bash
# The hiring flow from both sides against a fresh server with the demo cast, then the contract
# PDF five times (size and time). Usage: scripts/hire-flow.sh [path/to/laowu]  (default: the
# debug build; needs curl, python3 and poppler-utils, which `scripts/setup.sh test` installs).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
LAOWU_BIND=127.0.0.1:3917 LAOWU_DATA_DIR=$dir LAOWU_DEMO_DATA=true LAOWU_DEMO_WORKERS=true LAOWU_LOG_LEVEL=warn "${1:-target/debug/laowu}" serve > $dir/log 2>&1 &
pid=$!
trap 'kill $pid; rm -rf $dir' EXIT
for i in $(seq 60); do curl -sf http://127.0.0.1:3917/healthz >/dev/null && break; sleep 1; done
B=http://127.0.0.1:3917/api/v1
E="-b $dir/e -c $dir/e"; C="-b $dir/c -c $dir/c"
curl -s $E -H 'content-type: application/json' -d '{"username":"jingweilou","password":"laowu-employer-2026"}' $B/auth/login >/dev/null
curl -s $C -H 'content-type: application/json' -d '{"username":"chuyi-hezuoshe","password":"laowu-company-2026"}' $B/auth/login >/dev/null
sleep 3
wid=$(curl -s $E "$B/workers/search?q=%E6%B5%AE%E5%B1%B1%20%E5%8E%A8%E5%B8%88" | python3 -c 'import json,sys; print(json.load(sys.stdin)["hits"][0]["id"])')
req=$(curl -s $E -H 'content-type: application/json' -d "{\"worker_ids\":[$wid],\"terms\":{\"position\":\"中餐厨师\",\"place\":\"北京市朝阳区\",\"region_code\":\"110000\",\"monthly_wage_yuan\":\"8000\",\"start_date\":\"2099-03-01\",\"term_months\":\"12\",\"conditions\":\"\",\"message\":\"\"}}" $B/hire-requests)
line=$(echo "$req" | python3 -c 'import json,sys; l=json.load(sys.stdin)[0]["lines"][0]; print(l["id"], l["version"])')
set -- $line
curl -s $C -H 'content-type: application/json' -d "{\"version\":$2,\"action\":\"accept\"}" $B/hire-requests/lines/$1/answer >/dev/null
con=$(curl -s $E $B/contracts | python3 -c 'import json,sys; c=json.load(sys.stdin)[0]; print(c["id"], c["row_version"])')
set -- $con
curl -s $E -H 'content-type: application/json' -d "{\"row_version\":$2}" $B/contracts/$1/sign >/dev/null
curl -s $C -H 'content-type: application/json' -d "{\"row_version\":$(($2+1)),\"worker_confirmation\":{\"method\":\"当面签字确认\",\"confirmed_on\":\"2026-11-28\"}}" $B/contracts/$1/sign | python3 -c 'import json,sys; print("state", json.load(sys.stdin)["state"])'
for i in 1 2 3 4 5; do curl -s $E -o $dir/c.pdf -w 'pdf %{size_download} bytes in %{time_total}s\n' $B/contracts/$1/pdf; done
pdffonts $dir/c.pdf | tail -1
pdftotext $dir/c.pdf - | head -5
