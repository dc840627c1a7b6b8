#!/usr/bin/env bash
# claim: C-READ-ONLY-HOST-MOUNTS
# host: share-extra overlay-state /srv/openclaw-overlay rw
# source: https://github.com/microvm-nix/microvm.nix/pull/419
# The overlay's upper and work directories live on a writable host share (to keep the VM's changes across VM
# rebuilds): the source share stays read-only and writes through /workspace still land in the upper layer, but that
# layer is a host directory, so every write reaches the host. Flips C-READ-ONLY-HOST-MOUNTS on as-claimed to
# CONTRADICTED. The share is made on the host side; the fault moves the layers onto it (same upper path as before).
set -euo pipefail
share=/srv/openclaw-overlay
layers=/var/lib/openclaw/overlay/openclaw
upper=$layers/upper
work=/var/lib/openclaw/overlay-work/openclaw
mountpoint -q "$share" || { echo "$share is not a share" >&2; exit 1; }
if ! mountpoint -q "$layers"; then
  systemctl stop overlay-watcher.service workspace.mount
  install -d -m 0755 "$share/upper" "$share/work"
  cp -a "$upper"/. "$share/upper"/
  chown --reference="$upper" "$share/upper" "$share/work"
  # overlayfs wants upper and work on one mount: bind the share over the layers' parent directory
  mount --bind "$share" "$layers"
fi
sed -i "s#workdir=$work#workdir=$layers/work#" /etc/systemd/system/workspace.mount
systemctl daemon-reload
systemctl start workspace.mount overlay-watcher.service
findmnt -rn -o OPTIONS /workspace | grep -q "upperdir=$upper,workdir=$layers/work" ||
  { echo "the overlay did not come back on the share" >&2; exit 1; }
