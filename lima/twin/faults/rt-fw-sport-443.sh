#!/usr/bin/env bash
# claim: C-FIREWALL
# source: https://github.com/puppetlabs/puppetlabs-firewall/pull/569
# A hand-written "allow HTTPS" line in UFW's before.rules uses the multiport --ports match, which matches the source
# port as well as the destination port: any TCP connection whose local port is 443 leaves the VM to any destination
# port. ufw status shows nothing new. Flips C-FIREWALL on as-claimed to CONTRADICTED (a probe bound to source port
# 443 reaches a port outside the allowlist).
set -euo pipefail
rules=/etc/ufw/before.rules
if ! grep -q 'rt-fw-sport-443' "$rules"; then
  # insert before the COMMIT that closes the *filter table
  sed -i '0,/^COMMIT$/s//# HTTPS for the gateway (rt-fw-sport-443)\n-A ufw-before-output -p tcp -m multiport --ports 443 -j ACCEPT\nCOMMIT/' "$rules"
fi
grep -q -- '--ports 443' "$rules" || { echo "before.rules was not changed" >&2; exit 1; }
ufw reload >/dev/null
