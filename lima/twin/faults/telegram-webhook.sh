#!/usr/bin/env bash
# claim: T-001
# Not a weakness: the gateway takes Telegram updates through a webhook (listener on 127.0.0.1:18787, secret
# header required) instead of long polling. Every verdict stays what it is without it; it proves the agent-channel
# attacks reach the gateway over both transports.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
secret=$(head -c 18 /dev/urandom | base64 | tr '+/' 'xy')
jq --arg secret "$secret" '.channels.telegram += {webhookUrl: "https://bilrost-twin.invalid/telegram-webhook",
    webhookSecret: $secret, webhookHost: "127.0.0.1", webhookPort: 18787}' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
