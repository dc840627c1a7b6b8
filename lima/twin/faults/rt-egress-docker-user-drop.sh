#!/usr/bin/env bash
# claim: N-CONTAINER-NETWORK-ISOLATION
# source: https://github.com/chaifeng/ufw-docker/issues/32
# Traffic from Docker's bridges to anywhere outside them is dropped at the top of DOCKER-USER (the "block outgoing
# connections from containers" recipe). The sandbox still uses the bridge network, but an agent can no longer call
# out from its container. Flips N-CONTAINER-NETWORK-ISOLATION ("agents can make outbound calls from inside their
# containers") on as-claimed to STALE.
set -euo pipefail
for bridge in docker0 br-+; do
  iptables -C DOCKER-USER -i "$bridge" ! -o "$bridge" -m comment --comment rt-egress-docker-user-drop -j DROP 2>/dev/null ||
    iptables -I DOCKER-USER 1 -i "$bridge" ! -o "$bridge" -m comment --comment rt-egress-docker-user-drop -j DROP
done
