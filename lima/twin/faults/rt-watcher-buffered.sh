#!/usr/bin/env bash
# claim: C-OVERLAY-WATCHER
# source: https://github.com/inotify-tools/inotify-tools/issues/212
# A filter that drops blank lines (grep .) is appended to the watcher's pipeline without --line-buffered. Writing to
# a file, grep block-buffers its output: events reach the log only in 4 KiB batches, and whatever sits in the buffer
# when the watcher stops or restarts is lost. A write is not in the audit log after it happened. Flips
# C-OVERLAY-WATCHER on as-claimed to CONTRADICTED.
set -euo pipefail
unit=/etc/systemd/system/overlay-watcher.service
sed -i 's#/audit-rescan'"'"'$#/audit-rescan | grep .'"'"'#' "$unit"
grep -q -- '/audit-rescan | grep \.' "$unit" || { echo "the watcher's unit was not changed" >&2; exit 1; }
systemctl daemon-reload
systemctl restart overlay-watcher.service
