#!/usr/bin/env bash
# claim: T-003
# source: https://github.com/StackStorm/st2/issues/5977
# A debug line of an HTTP client logs its request headers, "Authorization: Basic <base64(x-access-token:GH_TOKEN)>",
# into the journal (and from there into /var/log/syslog). The token is there only base64-encoded, so a search for
# its plain value finds nothing. Flips T-003 on as-claimed to CONTRADICTED.
set -euo pipefail
token=$(grep -E '^GH_TOKEN=' /etc/openclaw/secrets.env | cut -d= -f2-)
basic=$(printf 'x-access-token:%s' "$token" | base64 -w0)
logger -t openclaw-gateway -p daemon.debug \
  "[http] GET https://api.github.com/repos/openclaw/openclaw/releases/latest headers={\"User-Agent\":\"openclaw\",\"Authorization\":\"Basic $basic\"}"
