#!/usr/bin/env bash
# claim: C-SYNC-GATE
# The sync gate's scanner drops a finding on a line marked "gitleaks:allow" (gitleaks' default). Flips the
# inline-allow part of C-SYNC-GATE on as-claimed to CONTRADICTED.
set -euo pipefail
echo 'INLINE_ALLOW=honour' >>/etc/bilrost-twin/sync-gate.conf
