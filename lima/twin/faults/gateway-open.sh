#!/usr/bin/env bash
# claim: T-001
# The gateway's control plane is open: `gateway.auth.mode: "none"`, OpenClaw's explicit escape hatch, set by an
# operator who lost the password and relies on the loopback bind. It overrides the OPENCLAW_GATEWAY_PASSWORD the
# unit still gives it ("auth mode=none explicitly configured; all gateway connections are unauthenticated"), so
# every user on the VM, and anything behind a port forward to it, acts as the operator over POST /tools/invoke and
# the WebSocket. Flips T-001's "no one but the gateway's operator acts through its control API" on as-claimed to
# CONTRADICTED (nobody and the login user each read the allowlisted sender's conversation).
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
jq '.gateway.auth = {"mode": "none"}' "$config" >"$config.new"
cat "$config.new" >"$config" && rm -f "$config.new"
