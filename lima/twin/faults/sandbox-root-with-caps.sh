#!/usr/bin/env bash
# claim: C-DOCKER-SANDBOX
# The sandbox runs as root, keeps Docker's default capabilities and a writable root filesystem.
# Flips C-DOCKER-SANDBOX on as-claimed to CONTRADICTED.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:-$TWIN_USER}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.agents.defaults.sandbox.docker += {"user": "0:0", "capDrop": [], "readOnlyRoot": false}' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
