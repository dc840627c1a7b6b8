#!/usr/bin/env bash
# claim: C-SYNC-GATE
# The sync gate's path allowlist lets every path through. Flips the path-allowlist part of C-SYNC-GATE on
# as-claimed to CONTRADICTED.
set -euo pipefail
echo "ALLOWLIST='*'" >>/etc/bilrost-twin/sync-gate.conf
