#!/usr/bin/env bash
# claim: C-DOCKER-SANDBOX
# source: https://github.com/openclaw/openclaw/pull/130229
# The sandbox scope is "shared": every session of every sender runs its tools in one container with one writable
# workspace (the container is named openclaw-sbx-shared), so one sender's tool calls see and change another's files
# and processes. "per-session containers" is false. Flips C-DOCKER-SANDBOX on as-claimed to CONTRADICTED.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.agents.defaults.sandbox.scope = "shared"' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
