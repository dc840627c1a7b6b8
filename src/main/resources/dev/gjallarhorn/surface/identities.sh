#!/usr/bin/env bash
# Who a process on the target can be. Run as root. Read-only. Prints: IDENTITY <role> <name> <uid> <how it was found>
# Usage: identities.sh LOGIN_USER [UID...]   (extra uids: from the firewall's owner matches)
set -u
login=$1; shift
line() { echo "IDENTITY $1 $2 $(id -u "$2" 2>/dev/null || echo -) $3"; }
line login "$login" "the SSH login user"
line root root "one sudo away for the login user"
service=$(systemctl show -p User --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)
how="User= of openclaw-gateway.service"
if [ -z "$service" ]; then service=$(stat -c %U /workspace 2>/dev/null); how="owner of /workspace (the unit names no User=)"; fi
[ -n "$service" ] && line service "$service" "$how"
line unrelated nobody "an unprivileged local user with no sudo and no docker"
for uid in "$@"; do
  name=$(getent passwd "$uid" | cut -d: -f1)
  [ -n "$name" ] || name=$(getent passwd | awk -F: -v u="$uid" '$1==u {print $1}')
  if [ -n "$name" ]; then line owner-match "$name" "a firewall rule matches its uid"; else echo "IDENTITY owner-match - $uid no such user on the target"; fi
done
exit 0
