#!/usr/bin/env bash
# claim: T-009
# "*" is added to allowFrom while dmPolicy stays "pairing" (a VM provisioned before PR #33 keeps it unless the
# owner's id is passed again). openclaw 2026.9.6 then admits everyone without a code: flips T-009 (look-alike
# ids get in), T-001 and C-TELEGRAM-PAIRING on as-claimed to CONTRADICTED.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.channels.telegram.allowFrom += ["*"]' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
