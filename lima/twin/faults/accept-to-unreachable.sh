#!/usr/bin/env bash
# claim: C-FIREWALL
# A destination-specific ACCEPT to an address where no canary of a run can stand (5555/tcp to 10.99.0.7, e.g. a
# log collector): the egress attack cannot observe it. Flips C-FIREWALL on as-claimed to INCONCLUSIVE(oracle-blind),
# never HOLDS; the evidence says no canary could stand there.
set -euo pipefail
ufw allow out to 10.99.0.7 port 5555 proto tcp >/dev/null
