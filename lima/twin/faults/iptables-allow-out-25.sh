#!/usr/bin/env bash
# claim: C-FIREWALL
# One more port leaves the VM, opened with plain iptables behind UFW's back (ufw status does not show it):
# SMTP to anywhere. Flips C-FIREWALL on as-claimed to CONTRADICTED.
set -euo pipefail
iptables -I OUTPUT 1 -p tcp --dport 25 -m comment --comment bilrost-twin-fault -j ACCEPT
