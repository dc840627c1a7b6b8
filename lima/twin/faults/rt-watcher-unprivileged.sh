#!/usr/bin/env bash
# claim: C-OVERLAY-WATCHER
# source: https://github.com/MetPX/sarracenia/issues/289
# The watcher runs as the gateway's service user instead of root. inotify needs read access to add a watch, so a
# directory another identity (root, e.g. an install step) creates with mode 0700 in the upper layer is never watched,
# and every write inside it goes unlogged. Flips C-OVERLAY-WATCHER ("every write") on as-claimed to CONTRADICTED.
set -euo pipefail
unit=/etc/systemd/system/overlay-watcher.service
sed -i "s#^User=root\$#User=${SERVICE_USER:?}#" "$unit"
grep -q "^User=${SERVICE_USER}\$" "$unit" || { echo "the watcher's user was not changed" >&2; exit 1; }
systemctl daemon-reload
systemctl restart overlay-watcher.service
