#!/usr/bin/env bash
# claim: N-SECRETS-ROTATION
# Re-provisioned: the header and time of secrets.env say today while the values stay what they were (Bilrost's
# secrets role rewrites the header at every provisioning). Flips N-SECRETS-ROTATION (and the rotation part of
# T-010) on as-claimed to INCONCLUSIVE(precondition-unmet) by the header alone (too recent to tell); a run history
# whose fingerprints saw the same values long ago keeps it HOLDS.
set -euo pipefail
sed -i "s/^# Generated: .*/# Generated: $(date -u +%Y-%m-%dT%H:%M:%SZ)/" /etc/openclaw/secrets.env
touch /etc/openclaw/secrets.env
