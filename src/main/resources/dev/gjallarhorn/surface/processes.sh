#!/usr/bin/env bash
# Every process on the target: pid, user, unit (from its cgroup), command name; and the units that load
# secrets.env through EnvironmentFile=. Run as root. Read-only.
# Prints: PROC <pid> <user> <unit|-> <comm>   SECRETS-UNIT <unit>
set -u
for d in /proc/[0-9]*; do
  pid=${d#/proc/}
  user=$(stat -c %U "$d" 2>/dev/null) || continue
  unit=$(grep -o -E '[^/]+\.(service|scope)' "$d/cgroup" 2>/dev/null | tail -1)
  echo "PROC $pid $user ${unit:--} $(tr -d ' ' <"$d/comm" 2>/dev/null)"
done
# one block a unit; its properties come in systemd's order, not the order asked for
systemctl show '*' -p Id -p EnvironmentFiles 2>/dev/null \
  | awk 'BEGIN { RS = "" } /EnvironmentFiles=[^\n]*secrets\.env/ { if (match($0, /Id=[^\n]*/)) print "SECRETS-UNIT " substr($0, RSTART + 3, RLENGTH - 3) }'
exit 0
