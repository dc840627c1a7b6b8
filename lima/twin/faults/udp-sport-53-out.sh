#!/usr/bin/env bash
# claim: C-FIREWALL
# A UFW rule lets out every UDP datagram sent from source port 53 (`ufw allow out proto udp from any port 53`, written
# for a local DNS server's answers): a process that binds that port reaches any destination port. Flips C-FIREWALL on
# as-claimed to CONTRADICTED: the egress attack sends from every source port an ACCEPT names, to a port the
# allowlist does not have.
set -euo pipefail
ufw allow out proto udp from any port 53 >/dev/null
