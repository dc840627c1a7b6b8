#!/usr/bin/env bash
# claim: C-SECRETS-MANAGEMENT
# source: https://github.com/martenframework/marten/pull/323
# A `systemctl edit` override of the gateway sets the Anthropic key inline with Environment= instead of relying on
# EnvironmentFile=: the key now lives in a world-readable drop-in and every local user reads it with
# `systemctl show openclaw-gateway -p Environment`. Flips C-SECRETS-MANAGEMENT on as-claimed to CONTRADICTED.
set -euo pipefail
key=$(grep -E '^ANTHROPIC_API_KEY=' /etc/openclaw/secrets.env | cut -d= -f2-)
install -d -m 0755 /etc/systemd/system/openclaw-gateway.service.d
printf '[Service]\nEnvironment=ANTHROPIC_API_KEY=%s\n' "$key" >/etc/systemd/system/openclaw-gateway.service.d/override.conf
chmod 0644 /etc/systemd/system/openclaw-gateway.service.d/override.conf
systemctl daemon-reload
