#!/usr/bin/env bash
# Screenshots of an Allure report in headless Chromium, as a maintainer sees it: the overview, the categories (the
# contradicted claims, the known gaps), the behaviours (epics = the register's STRIDE letters), the graphs (severity)
# and two claims opened in their trees (C-FIREWALL, judged by two tests; T-002, a known gap under its D epic).
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

# the route that opens a claim's result in a tree (categories or behaviors), its ancestors expanded:
# route TREE CLAIM [CATEGORY]  ->  #TREE/PARENT_UID/TEST_UID
route() {
  python3 - "$report" "$@" <<'PY'
import json, pathlib, sys
report, tree, claim = sys.argv[1], sys.argv[2], sys.argv[3]
category = sys.argv[4] if len(sys.argv) > 4 else None
root = json.loads(pathlib.Path(report, "data", tree + ".json").read_text())
def find(node, inside):
    for child in node.get("children", []):
        here = inside or category is None or child.get("name") == category
        if "children" not in child and here and (child.get("name", "").startswith(claim + ":") or child.get("name", "").startswith(claim + " ")
                                                   or (": " + claim + " ") in child.get("name", "") or (": " + claim + ":") in child.get("name", "")):
            return "#%s/%s/%s" % (tree, child.get("parentUid") or node["uid"], child["uid"])
        found = find(child, here)
        if found:
            return found
    return None
print(find(root, False) or "")
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
for view in "categories C-FIREWALL Claim contradicted:contradicted-c-firewall" "categories T-002 Known gap (confirmed):known-gap-t-002" \
            "behaviors T-002:behaviors-t-002" "behaviors C-FIREWALL:behaviors-c-firewall"; do
  spec=${view%%:*} name=${view##*:}
  read -r tree claim category <<<"$spec"
  target=$(route "$tree" "$claim" ${category:+"$category"})
  if [ -n "$target" ]; then shoot "$name" "$target" 1400; else echo "no $claim in $tree" >&2; fi
done
exit 0
