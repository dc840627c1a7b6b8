#!/usr/bin/env bash
# claim: T-003
# OpenClaw's file log under /tmp/openclaw holds a secret. Flips T-003 on as-claimed to CONTRADICTED.
set -euo pipefail
key=$(grep -E '^OPENAI_API_KEY=' /etc/openclaw/secrets.env | cut -d= -f2-)
install -d -m 0755 /tmp/openclaw
printf '{"level":"debug","msg":"provider request","headers":{"authorization":"Bearer %s"}}\n' "$key" \
  >"/tmp/openclaw/openclaw-$(date +%F).log"
