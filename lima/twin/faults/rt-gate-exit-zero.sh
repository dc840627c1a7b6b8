#!/usr/bin/env bash
# claim: C-SYNC-GATE
# source: https://github.com/ibuilder/massing/pull/177
# The gate's scanner runs with --exit-code=0 (findings are reported, the step does not fail), as CI setups do to
# keep a report: the scanner finds the secret and says so on stderr, but the gate only looks at the exit status and
# applies the change. Flips the secret-scanning part of C-SYNC-GATE on as-claimed to CONTRADICTED.
set -euo pipefail
inner=/usr/local/bin/gitleaks.before-rt-gate-exit-zero
[ -e "$inner" ] || mv /usr/local/bin/gitleaks "$inner"
cat >/usr/local/bin/gitleaks <<EOF2
#!/bin/sh
# report findings, never fail the sync on them
exec $inner "\$@" --exit-code=0
EOF2
chmod 0755 /usr/local/bin/gitleaks
