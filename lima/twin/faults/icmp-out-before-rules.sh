#!/usr/bin/env bash
# claim: C-FIREWALL
# One line in UFW's /etc/ufw/before.rules lets ICMP out (`-A ufw-before-output -p icmp -j ACCEPT`, a hardening
# script's habit; ICMP is a well-known tunnel). `ufw status` shows nothing of it, and no TCP or UDP port opens. Flips
# C-FIREWALL on as-claimed to CONTRADICTED: the egress attack sends ICMP, and every protocol the ruleset names.
set -euo pipefail
line='-A ufw-before-output -p icmp -j ACCEPT'
sed -i "/^-A ufw-before-output -o lo -j ACCEPT\$/a $line" /etc/ufw/before.rules
grep -qxF -- "$line" /etc/ufw/before.rules
ufw reload >/dev/null
