#!/usr/bin/env bash
# claim: T-003
# The gateway runs with NODE_DEBUG=fetch (left on after debugging a Telegram outage): Node logs every request that
# fails with its URL, and a Bot API URL carries the bot token, so the token lands in the journal when the Bot API
# fails. Flips T-003 (and the env-only part of T-010) on as-claimed to CONTRADICTED.
set -euo pipefail
install -d /etc/systemd/system/openclaw-gateway.service.d
printf '[Service]\nEnvironment=NODE_DEBUG=fetch\n' >/etc/systemd/system/openclaw-gateway.service.d/debug-fetch.conf
systemctl daemon-reload 2>/dev/null || true
