#!/usr/bin/env bash
# claim: T-003
# A rotated, gzip-compressed log (what logrotate's "compress" leaves) holds a secret from a debug line written before
# the rotation. Flips T-003 on as-claimed to CONTRADICTED: plain-text searches never read inside .gz files.
set -euo pipefail
key=$(grep -E '^GH_TOKEN=' /etc/openclaw/secrets.env | cut -d= -f2-)
install -d -m 0755 /var/log/openclaw
printf '2026-01-02T03:04:05 gh auth: using token %s\n' "$key" | gzip -9 >/var/log/openclaw/gateway.log.3.gz
