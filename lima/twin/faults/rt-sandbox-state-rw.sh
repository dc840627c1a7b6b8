#!/usr/bin/env bash
# claim: C-DOCKER-SANDBOX
# source: https://github.com/NVIDIA/NemoClaw/issues/514
# The gateway's state directory (~/.openclaw, with openclaw.json) is bound read-write into the sandbox at the same
# path (to share skills and memory), and docker.user is left to OpenClaw's default, the workspace owner, which is the
# gateway's own uid. A tool call can rewrite openclaw.json (sandbox.mode "off", tools.elevated, allowFrom) and so
# leave the sandbox at the gateway's next reload. Flips C-DOCKER-SANDBOX on as-claimed to CONTRADICTED.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq --arg state "$home/.openclaw" '.agents.defaults.sandbox.docker |= (del(.user)
      | .binds = (((.binds // []) - [$state + ":" + $state + ":rw"]) + [$state + ":" + $state + ":rw"]))' \
  "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
