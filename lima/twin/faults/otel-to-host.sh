#!/usr/bin/env bash
# claim: C-FIREWALL
# Bilrost's qortex OTEL rule in the twin's terms: 4318/tcp may leave, but only to the host (the VM's gateway, where
# the canaries listen). A destination-specific ACCEPT: flips C-FIREWALL on as-claimed to CONTRADICTED, and the
# evidence says a canary could stand at that destination.
set -euo pipefail
gateway=$(ip -4 route show default | awk '{print $3; exit}')
ufw allow out to "$gateway" port 4318 proto tcp >/dev/null
