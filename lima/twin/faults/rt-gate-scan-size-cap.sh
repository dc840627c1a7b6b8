#!/usr/bin/env bash
# claim: C-SYNC-GATE
# source: https://github.com/rodri-oliveira-dev/.github/issues/32
# The gate's scanner runs with --max-target-megabytes 1 (to keep scans fast) while the gate's own size check admits
# files up to 10 MB: a file between 1 and 10 MB is skipped unread by the scanner and reaches the host with any secret
# in it. Flips the secret-scanning part of C-SYNC-GATE on as-claimed to CONTRADICTED.
set -euo pipefail
inner=/usr/local/bin/gitleaks.before-rt-gate-scan-size-cap
[ -e "$inner" ] || mv /usr/local/bin/gitleaks "$inner"
cat >/usr/local/bin/gitleaks <<EOF2
#!/bin/sh
# large files are not worth the scan time
exec $inner "\$@" --max-target-megabytes=1
EOF2
chmod 0755 /usr/local/bin/gitleaks
