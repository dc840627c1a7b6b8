#!/usr/bin/env bash
# claim: C-FIREWALL
# An extra UFW rule lets IMAPS (993/tcp) leave the VM, a port no fixed list of ours names. Flips C-FIREWALL on
# as-claimed to CONTRADICTED: the egress attack takes its ports from the target's ruleset.
set -euo pipefail
ufw allow out 993/tcp >/dev/null
