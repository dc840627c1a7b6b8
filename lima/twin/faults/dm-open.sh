#!/usr/bin/env bash
# claim: T-001
# Telegram DMs are open to everyone (dmPolicy "open" with "*" in allowFrom), as Bilrost configured them before
# PR #33. Flips T-001 and C-TELEGRAM-PAIRING (and the look-alike part of T-009) on as-claimed to CONTRADICTED.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.channels.telegram.dmPolicy = "open" | .channels.telegram.allowFrom = ["*"]' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
