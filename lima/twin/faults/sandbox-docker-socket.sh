#!/usr/bin/env bash
# claim: C-DOCKER-SANDBOX
# The sandbox containers get the Docker socket bound in: a tool call can start a privileged container and own
# the VM. Flips C-DOCKER-SANDBOX on as-claimed to CONTRADICTED.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:-$TWIN_USER}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.agents.defaults.sandbox.docker.binds += ["/var/run/docker.sock:/var/run/docker.sock"]' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
