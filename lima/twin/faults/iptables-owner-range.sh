#!/usr/bin/env bash
# claim: C-FIREWALL
# A port range leaves the VM, but only for the gateway's service identity (an owner match, as a per-service
# egress rule would be written): 7000-7100/tcp for that uid, behind UFW's back. Flips C-FIREWALL on as-claimed to
# CONTRADICTED only if the attack probes as that identity and inside the range.
set -euo pipefail
uid=$(id -u "${SERVICE_USER:?}")
iptables -I OUTPUT 1 -p tcp -m owner --uid-owner "$uid" -m multiport --dports 7000:7100 -m comment --comment bilrost-twin-fault -j ACCEPT
