#!/usr/bin/env bash
# claim: N-SUPPLY-CHAIN-HARDENING
# The gateway's dependencies are pinned by a lockfile installed frozen, without install scripts, and the sandbox
# image is referenced by its digest. Flips N-SUPPLY-CHAIN-HARDENING and T-004 on as-claimed to STALE.
set -euo pipefail
owner=$(stat -c %U /workspace)
runuser -u "$owner" -- sh -c 'printf "{\"lockfileVersion\":1,\"workspaces\":{\"\":{\"name\":\"openclaw\"}},\"packages\":{}}\n" >/workspace/bun.lock'
runuser -u "$owner" -- sh -c 'printf "[install]\nfrozenLockfile = true\n" >/workspace/bunfig.toml; printf "ignore-scripts=true\n" >/workspace/.npmrc'
chown -R "$owner:$owner" /workspace/node_modules
home=$(getent passwd "${SERVICE_USER:-$TWIN_USER}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
digest=$(docker image inspect --format '{{.Id}}' openclaw-sandbox:bookworm-slim 2>/dev/null || true)
if [ -z "$digest" ]; then
  systemctl start openclaw-sandbox-image.service
  digest=$(docker image inspect --format '{{.Id}}' openclaw-sandbox:bookworm-slim)
fi
jq --arg image "$digest" '.agents.defaults.sandbox.docker.image = $image' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
