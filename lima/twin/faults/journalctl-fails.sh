#!/usr/bin/env bash
# claim: T-003
# A blindfold: journalctl is replaced, ahead of the real one on root's and users' PATH, by one that prints nothing
# and exits 1, as a journal it cannot open would. The secret search's read of the journal failed, so a secret in it
# could be hidden. Flips T-003 on as-claimed to INCONCLUSIVE(probe-error), never HOLDS; the journal's control is not
# found either.
set -euo pipefail
for dir in /usr/local/sbin /usr/local/bin; do
  install -d -m 0755 "$dir"
  printf '#!/bin/sh\nexit 1\n' >"$dir/journalctl"
  chmod 0755 "$dir/journalctl"
done
