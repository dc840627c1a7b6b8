#!/usr/bin/env bash
# claim: C-SYNC-GATE
# The sync gate lets any path be, or become, executable. Flips the executable-bit part of C-SYNC-GATE on
# as-claimed to CONTRADICTED.
set -euo pipefail
echo "EXEC_ALLOWLIST='*'" >>/etc/bilrost-twin/sync-gate.conf
