#!/usr/bin/env bash
# claim: N-SECRETS-ROTATION
# Re-provisioned: the header and time of secrets.env say today while the values stay what they were (Bilrost's
# secrets role rewrites the header at every provisioning). The header's age is evidence, not the decider: nothing
# on the target rotates the values, so it brings N-SECRETS-ROTATION (and the rotation part of T-010) on as-claimed
# to HOLDS, as a first run on a freshly provisioned Bilrost; a run history whose fingerprints saw the same values
# long ago says how old they are, and a value whose fingerprint changed is a rotation.
set -euo pipefail
sed -i "s/^# Generated: .*/# Generated: $(date -u +%Y-%m-%dT%H:%M:%SZ)/" /etc/openclaw/secrets.env
touch /etc/openclaw/secrets.env
