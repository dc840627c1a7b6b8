#!/usr/bin/env bash
# What a run could leave behind on the target, one sorted line per item: its containers, files carrying its
# token, mounts and their options, firewall rules, users, and the overlay's upper layer. Run as root, at the start
# and at the end of a run; any difference is residue. Read-only.
set -u
token=$1
UPPER=/var/lib/openclaw/overlay/openclaw/upper
{
  docker ps -aq --filter label=dev.gjallarhorn.run 2>/dev/null | sed 's/^/container /'
  find /workspace /tmp /var/tmp /etc /home /root /var/lib/openclaw /var/lib/bilrost-twin /mnt -maxdepth 5 -name "*$token*" 2>/dev/null \
    | sed 's/^/file /'
  findmnt -rn -o TARGET,OPTIONS 2>/dev/null | awk '$1 ~ "^/(mnt|workspace)" {print "mount", $1, $2}'
  iptables -S 2>/dev/null | sed 's/^/rule /'
  cut -d: -f1 /etc/passwd | sed 's/^/user /'
  [ -d "$UPPER" ] && find "$UPPER" -mindepth 1 2>/dev/null | sed "s|^$UPPER|upper |"
} | sort
exit 0
