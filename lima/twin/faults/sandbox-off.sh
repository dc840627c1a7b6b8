#!/usr/bin/env bash
# claim: C-DOCKER-SANDBOX
# The agent's tool sandbox is switched off (sandbox mode "off"): the agent's exec runs on the VM as the gateway's
# service user. Flips the agent-channel part of C-DOCKER-SANDBOX, and so the claim, on as-claimed to CONTRADICTED.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.agents.defaults.sandbox.mode = "off"' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
