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
systemctl show '*' -p Id -p EnvironmentFiles 2>/dev/null | awk '/^Id=/ {id=substr($0,4)} /^EnvironmentFiles=.*secrets\.env/ {print "SECRETS-UNIT " id}'
exit 0
