#!/usr/bin/env bash
# claim: T-007
# The vault is bound read-write into the sandbox containers (Bilrost binds the vault overlay's upper directory
# read-write). Flips the read-only part of T-007 on as-claimed to CONTRADICTED.
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:-$TWIN_USER}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.agents.defaults.sandbox.docker.binds |= map(if test(":/workspace/obsidian") then sub(":ro$"; ":rw") else . end)' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
