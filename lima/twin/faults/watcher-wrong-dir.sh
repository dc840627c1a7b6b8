#!/usr/bin/env bash
# claim: C-OVERLAY-WATCHER
# The overlay watcher watches a directory nothing writes to instead of the upper layer. Flips C-OVERLAY-WATCHER on
# as-claimed to CONTRADICTED.
set -euo pipefail
install -d -m 0755 /var/lib/bilrost-twin/elsewhere
sed -i 's#-e move /var/lib/openclaw/overlay/openclaw/upper#-e move /var/lib/bilrost-twin/elsewhere#' /etc/systemd/system/overlay-watcher.service
systemctl daemon-reload
systemctl restart overlay-watcher.service
