#!/usr/bin/env bash
# claim: C-DOCKER-SANDBOX
# Elevated exec is on for the allowlisted sender and the default for every session ("elevatedDefault": "full"):
# a hijacked turn's exec leaves the sandbox for the gateway host. Flips the hijacked-agent parts of
# C-DOCKER-SANDBOX (and so the claim) on as-claimed to CONTRADICTED.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.tools.elevated = {enabled: true, allowFrom: {telegram: (.channels.telegram.allowFrom // [])}}
    | .agents.defaults.elevatedDefault = "full"' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
