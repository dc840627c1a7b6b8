#!/usr/bin/env bash
# claim: T-010
# The Telegram bot token is passed into the sandbox containers' environment. Flips T-010 on as-claimed to
# CONTRADICTED (and the secrets part of C-DOCKER-SANDBOX, which looks for the same values inside).
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:-$TWIN_USER}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.agents.defaults.sandbox.docker.env.TELEGRAM_BOT_TOKEN = "${TELEGRAM_BOT_TOKEN}"' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
