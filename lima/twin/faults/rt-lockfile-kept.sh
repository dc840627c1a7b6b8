#!/usr/bin/env bash
# claim: T-004
# source: https://github.com/automagik-dev/genie/pull/591
# Provisioning no longer deletes the checkout's lockfile: the whiteout that hid bun.lockb is removed, so /workspace
# shows upstream's lockfile and `bun install` resolves the versions it pins. Nothing else changes (no frozen install,
# no integrity check, no SBOM, no pinning beyond upstream's). Flips T-004 ("no lockfile pinning") on as-claimed to
# STALE.
set -euo pipefail
upper=/var/lib/openclaw/overlay/openclaw/upper
if [ -c "$upper/bun.lockb" ]; then
  systemctl stop overlay-watcher.service workspace.mount
  rm -f "$upper/bun.lockb"
  systemctl start workspace.mount overlay-watcher.service
fi
cmp -s /workspace/bun.lockb /mnt/openclaw/bun.lockb || { echo "/workspace does not show upstream's lockfile" >&2; exit 1; }
