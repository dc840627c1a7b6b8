#!/usr/bin/env bash
# claim: T-003
# A journal record in the shape systemd-coredump writes when the gateway crashes: its COREDUMP_ENVIRON field (not
# its MESSAGE) holds the bot token. Flips T-003 on as-claimed to CONTRADICTED (and, the value being the bot token,
# the env-only part of T-010).
set -euo pipefail
token=$(grep -E '^TELEGRAM_BOT_TOKEN=' /etc/openclaw/secrets.env | cut -d= -f2-)
printf '%s\n' "MESSAGE=Process 4242 (node) of user 999 dumped core." "MESSAGE_ID=fc2e22bc6ee647b6b90729ab34a250b1" \
  "COREDUMP_UNIT=openclaw-gateway.service" "COREDUMP_SIGNAL_NAME=SIGSEGV" \
  "COREDUMP_ENVIRON=HOME=/home/openclaw TELEGRAM_BOT_TOKEN=$token NODE_ENV=production" | logger --journald
