#!/usr/bin/env bash
# claim: C-SECRETS-MANAGEMENT
# The gateway keeps a copy of a key in a binary store of its own (an SQLite-like database file under its state
# directory), not in secrets.env. Flips C-SECRETS-MANAGEMENT on as-claimed to CONTRADICTED: a text search that skips
# binary files never reads it.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
key=$(grep -E '^OPENAI_API_KEY=' /etc/openclaw/secrets.env | cut -d= -f2-)
install -d -m 0700 -o "$SERVICE_USER" -g "$SERVICE_USER" "$home/.openclaw/state"
{ printf 'SQLite format 3\0'; head -c 2000 /dev/zero; printf 'provider\0openai\0apiKey\0%s\0' "$key"; head -c 2000 /dev/zero; } \
  >"$home/.openclaw/state/providers.sqlite"
chown "$SERVICE_USER:$SERVICE_USER" "$home/.openclaw/state/providers.sqlite"
