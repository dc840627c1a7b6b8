#!/usr/bin/env bash
# claim: T-003
# A blindfold: journalctl is replaced, ahead of the real one on root's and users' PATH, by one that answers nothing
# and exits 0, as a broken or tampered observation tool would. The secret search's journal control (an entry this
# run writes with a custom field) is then not found, so the journal is unread, not clean. Flips T-003 on as-claimed
# to INCONCLUSIVE(oracle-blind), never HOLDS.
set -euo pipefail
for dir in /usr/local/sbin /usr/local/bin; do
  install -d -m 0755 "$dir"
  printf '#!/bin/sh\nexit 0\n' >"$dir/journalctl"
  chmod 0755 "$dir/journalctl"
done
