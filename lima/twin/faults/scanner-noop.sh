#!/usr/bin/env bash
# claim: C-SYNC-GATE
# The sync gate's secret scanner is replaced by one that finds nothing. Flips the secret-scanning part of
# C-SYNC-GATE on as-claimed to CONTRADICTED.
set -euo pipefail
printf '#!/bin/sh\nexit 0\n' >/usr/local/bin/gitleaks
chmod 0755 /usr/local/bin/gitleaks
