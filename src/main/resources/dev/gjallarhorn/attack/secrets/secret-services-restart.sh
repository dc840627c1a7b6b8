#!/usr/bin/env bash
# Restarts, as root, the services that load secrets.env, so that they write again whatever they write at start
# before the secret search looks (an invasive run only). Prints RESTARTED <unit> for each, or
# NOT-RESTARTED <unit> <why> when systemctl failed (the search then does not see what that unit writes at start).
# Usage: secret-services-restart.sh
set -u
for unit in $(grep -ls 'secrets.env' /etc/systemd/system/*.service /lib/systemd/system/*.service 2>/dev/null | xargs -r -n1 basename); do
  if systemctl is-active -q "$unit" || systemctl is-enabled -q "$unit" 2>/dev/null; then
    if err=$(timeout 60 systemctl restart "$unit" 2>&1); then echo "RESTARTED $unit"
    else echo "NOT-RESTARTED $unit $(printf '%s' "$err" | head -1 | cut -c1-200)"; fi
  fi
done
sleep 2
exit 0
