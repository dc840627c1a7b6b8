#!/usr/bin/env bash
# claim: C-SYNC-GATE
# The sync gate passes files its scanner skips unread (binaries, compressed files, archives) on to the host.
# Flips the unscannable-file part of C-SYNC-GATE on as-claimed to CONTRADICTED.
set -euo pipefail
echo 'UNSCANNABLE=admit' >>/etc/bilrost-twin/sync-gate.conf
