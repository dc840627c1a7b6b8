#!/usr/bin/env bash
# claim: C-FIREWALL
# The DOCKER-USER allowlist for container traffic is gone: containers on Docker's bridges leave through FORWARD,
# which UFW does not filter. Flips the container part of C-FIREWALL on as-claimed to CONTRADICTED.
set -euo pipefail
iptables -S DOCKER-USER | grep -- '--comment bilrost-egress' | sed 's/^-A /-D /' | while read -r rule; do
  eval "iptables $rule"
done
