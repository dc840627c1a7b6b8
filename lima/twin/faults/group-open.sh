#!/usr/bin/env bash
# claim: T-001
# Telegram groups are open (groupPolicy "open"): any group passes, and anyone in it who mentions the bot gets a
# turn, also a DM sender paired only for DMs. Flips the group parts of T-001 and C-TELEGRAM-PAIRING (a group
# message, a forum-topic message) and T-009's "a paired DM sender stays out of a group" on as-claimed to CONTRADICTED.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.channels.telegram.groupPolicy = "open"' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
