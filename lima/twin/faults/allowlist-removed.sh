#!/usr/bin/env bash
# claim: C-SYNC-GATE
# The sync gate's path allowlist lets every path through, and any path be executable (the as-claimed gate's
# allowlist says both which paths may change and which may be executable). Flips the path-allowlist part of
# C-SYNC-GATE on as-claimed to CONTRADICTED.
set -euo pipefail
echo "ALLOWLIST='*'" >>/etc/bilrost-twin/sync-gate.conf
echo "EXEC_ALLOWLIST='*'" >>/etc/bilrost-twin/sync-gate.conf
