#!/usr/bin/env bash
# claim: C-FIREWALL
# A blindfold: iptables-save and ip6tables-save are replaced, ahead of the real ones on root's PATH, by tools that
# print nothing and exit 0, while UFW stays active and the packet filter is untouched. An empty ruleset on a machine
# whose firewall is on is unread, not quiet. Flips C-FIREWALL on as-claimed to INCONCLUSIVE(probe-error), never HOLDS.
set -euo pipefail
for dir in /usr/local/sbin /usr/local/bin; do
  install -d -m 0755 "$dir"
  for tool in iptables-save ip6tables-save; do
    printf '#!/bin/sh\nexit 0\n' >"$dir/$tool"
    chmod 0755 "$dir/$tool"
  done
done
