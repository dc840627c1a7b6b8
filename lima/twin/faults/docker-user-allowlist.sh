#!/usr/bin/env bash
# claim: C-FIREWALL
# DOCKER-USER holds containers on Docker's bridges to the VM's allowlist (HTTPS, DNS, Tailscale), as the
# as-claimed twin does. Flips the container part of C-FIREWALL on as-provisioned to HOLDS.
set -euo pipefail
for bridge in docker0 br-+; do
  iptables -I DOCKER-USER -i "$bridge" ! -o "$bridge" -m comment --comment bilrost-twin-fault -j DROP
  for allowed in "-p udp --dport 41641" "-p tcp --dport 53" "-p udp --dport 53" "-p tcp --dport 443" "-d 100.64.0.0/10"; do
    # shellcheck disable=SC2086
    iptables -I DOCKER-USER -i "$bridge" $allowed -m comment --comment bilrost-twin-fault -j RETURN
  done
done
