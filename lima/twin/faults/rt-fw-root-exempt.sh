#!/usr/bin/env bash
# claim: C-FIREWALL
# source: https://github.com/ukanth/afwall/issues/1323
# An owner-match exemption for root, as VPN kill switches and per-app firewalls write ("owner UID match root ->
# RETURN"): every packet a root process sends leaves the VM, any protocol, any port, while the service user and
# other users stay filtered. Flips C-FIREWALL on as-claimed to CONTRADICTED for a probe that runs as root.
set -euo pipefail
iptables -C OUTPUT -m owner --uid-owner 0 -m comment --comment rt-fw-root-exempt -j ACCEPT 2>/dev/null ||
  iptables -I OUTPUT 1 -m owner --uid-owner 0 -m comment --comment rt-fw-root-exempt -j ACCEPT
