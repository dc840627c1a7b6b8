#!/usr/bin/env bash
# Screenshots of an Allure report in headless Chromium, as a maintainer sees it: the overview, the categories (the
# contradicted claims, the known gaps), the behaviours (epics = the register's STRIDE letters), the graphs (severity)
# and the pages of two claims (C-FIREWALL, judged by two tests; T-002, a known gap).
#
#   scripts/allure-screenshots.sh REPORT_DIR OUT_DIR [PREFIX]      e.g. reports/allure-report docs/screenshots as-provisioned
#
# Needs chromium (Debian: apt-get install chromium) and python3. The report is served over HTTP on loopback (Allure
# does not load from file://), on a free port, by a server this script starts and stops; Chromium runs with a fresh
# profile and without background networking.
set -euo pipefail
report=$(cd "${1:?report directory}" && pwd)
out=${2:?output directory}
prefix=${3:-report}
mkdir -p "$out"
out=$(cd "$out" && pwd)
test -s "$report/index.html" || { echo "no Allure report in $report" >&2; exit 2; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
python3 -m http.server --bind 127.0.0.1 "$port" --directory "$report" >/dev/null 2>&1 &
server=$!
profile=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$profile"' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/index.html')" 2>/dev/null && break
  sleep 0.1
done

# a claim's result page, by its claim label, from the report's own data
testresult() {
  python3 - "$report" "$1" <<'PY'
import json, pathlib, sys
for f in pathlib.Path(sys.argv[1], "data", "test-cases").glob("*.json"):
    case = json.loads(f.read_text())
    if any(l.get("name") == "claim" and l.get("value") == sys.argv[2] for l in case.get("labels", [])):
        print(case["uid"]); break
PY
}

shoot() {
  local name=$1 route=$2 height=${3:-1100}
  chromium --headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$profile" --hide-scrollbars --window-size=1600,"$height" \
    --virtual-time-budget=15000 --screenshot="$out/$prefix-$name.png" "http://127.0.0.1:$port/index.html$route" >/dev/null 2>&1
  echo "$out/$prefix-$name.png"
}

shoot overview "#" 1500
shoot categories "#categories"
shoot behaviors "#behaviors"
shoot graphs "#graph" 1500
firewall=$(testresult C-FIREWALL)
[ -n "$firewall" ] && shoot c-firewall "#testresult/$firewall" 1400
gap=$(testresult T-002)
[ -n "$gap" ] && shoot t-002 "#testresult/$gap" 1400
exit 0
