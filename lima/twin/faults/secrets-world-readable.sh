#!/usr/bin/env bash
# claim: C-SECRETS-MANAGEMENT
# secrets.env is readable by every local user (0644). Flips C-SECRETS-MANAGEMENT on as-claimed to CONTRADICTED,
# and the "no one but the gateway reads it" part of T-010 (the token is in that file).
set -euo pipefail
chmod 0644 /etc/openclaw/secrets.env
