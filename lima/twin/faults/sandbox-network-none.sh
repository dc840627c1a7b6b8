#!/usr/bin/env bash
# claim: N-CONTAINER-NETWORK-ISOLATION
# The sandbox's network mode is switched to none: agents can no longer call out from their containers, so the
# claimed gap is closed. Flips N-CONTAINER-NETWORK-ISOLATION on as-claimed to STALE.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:-$TWIN_USER}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.agents.defaults.sandbox.docker.network = "none"' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
