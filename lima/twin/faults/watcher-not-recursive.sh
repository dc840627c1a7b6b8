#!/usr/bin/env bash
# claim: C-OVERLAY-WATCHER
# The overlay watcher's unit loses -r: it watches the top of the upper layer only, so a write into a new directory
# (e.g. <new dir>/hooks/post-checkout) goes unlogged. Flips C-OVERLAY-WATCHER on as-claimed to CONTRADICTED.
set -euo pipefail
sed -i 's#inotifywait -m -r #inotifywait -m #' /etc/systemd/system/overlay-watcher.service
grep -q 'inotifywait -m -r ' /etc/systemd/system/overlay-watcher.service && { echo "the watcher still has -r" >&2; exit 1; }
systemctl daemon-reload
systemctl restart overlay-watcher.service
