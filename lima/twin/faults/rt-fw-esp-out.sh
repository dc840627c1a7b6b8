#!/usr/bin/env bash
# claim: C-FIREWALL
# source: https://github.com/docker/docs/issues/3451
# An operator opens IP protocol 50 (ESP) outbound, as Docker's encrypted overlay networks and IPsec tunnels ask
# (ufw allow out proto esp): a protocol that is neither TCP nor UDP leaves the VM to any address, so "only HTTPS,
# DNS and Tailscale traffic leave" is false for every probe that is not a TCP/UDP port. Flips C-FIREWALL on
# as-claimed to CONTRADICTED.
set -euo pipefail
ufw allow out proto esp to any >/dev/null
