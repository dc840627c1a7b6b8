#!/usr/bin/env bash
# claim: C-FIREWALL
# An extra UFW rule lets 8080/tcp leave the VM. Flips C-FIREWALL on as-claimed to CONTRADICTED.
set -euo pipefail
ufw allow out 8080/tcp >/dev/null
