#!/usr/bin/env bash
# claim: C-OVERLAY-WATCHER
# source: https://github.com/gorakhargosh/watchdog/issues/76
# The watcher stops subscribing to modify events (its event list keeps create, delete, attrib and move): a file that
# is created is logged, but every later write into it (an append, an in-place edit, a truncate and rewrite) is not.
# Flips C-OVERLAY-WATCHER ("records every write") on as-claimed to CONTRADICTED.
set -euo pipefail
unit=/etc/systemd/system/overlay-watcher.service
sed -i 's# -e modify # #' "$unit"
grep -q -- '-e modify' "$unit" && { echo "the watcher still subscribes to modify" >&2; exit 1; }
systemctl daemon-reload
systemctl restart overlay-watcher.service
