#!/usr/bin/env bash
# claim: C-READ-ONLY-HOST-MOUNTS
# A blindfold: findmnt is replaced, ahead of the real one on root's PATH, by one that prints nothing and exits 0,
# while the shares stay read-only. An empty mount table is unread, never "no shares to write to". Flips
# C-READ-ONLY-HOST-MOUNTS on as-claimed to INCONCLUSIVE(probe-error), never HOLDS. C-OVERLAY-WATCHER, which finds
# the overlay's upper layer in the mount table, cannot try writes there and is undecided too.
set -euo pipefail
for dir in /usr/local/sbin /usr/local/bin; do
  install -d -m 0755 "$dir"
  printf '#!/bin/sh\nexit 0\n' >"$dir/findmnt"
  chmod 0755 "$dir/findmnt"
done
