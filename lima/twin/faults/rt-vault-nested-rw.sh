#!/usr/bin/env bash
# claim: T-007
# source: https://github.com/docker/for-linux/issues/788
# The vault stays bound read-only into the sandbox at /workspace/obsidian, but a second bind for the Buildlog folder
# (world-writable, as Bilrost's overlay role makes it) is nested inside it read-write: the top of the vault mount
# says ro while /workspace/obsidian/Buildlog takes writes from the agent. Flips the read-only part of T-007 on
# as-claimed to CONTRADICTED.
set -euo pipefail
install -d -m 0777 /workspace-obsidian/Buildlog
chmod 0777 /workspace-obsidian/Buildlog
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.agents.defaults.sandbox.docker.binds |= ((. // []) - ["/workspace-obsidian/Buildlog:/workspace/obsidian/Buildlog:rw"]
      + ["/workspace-obsidian/Buildlog:/workspace/obsidian/Buildlog:rw"])' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
