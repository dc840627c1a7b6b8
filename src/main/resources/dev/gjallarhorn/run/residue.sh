#!/usr/bin/env bash
# What a run could leave behind on the target, one sorted line per item: its containers, files carrying its
# token, mounts and their options, firewall rules, users, the state of the services it touches, and the overlay's
# upper layer. Run as root, at the start and at the end of a run; any difference is residue. Read-only.
set -u
token=$1
UPPER=$BILROST_OVERLAY_UPPER
{
  docker ps -aq --filter label=dev.gjallarhorn.run 2>/dev/null | sed 's/^/container /'
  docker images -q --no-trunc --filter label=dev.gjallarhorn.run 2>/dev/null | sort -u | sed 's/^/image /'
  # a script's work directory under /run (the secret search's holds every secret in every encoding) and its
  # transient units
  find /run -maxdepth 1 -name "$token-*" 2>/dev/null | sed 's/^/file /'
  systemctl list-units --all --plain --no-legend "$token-*" 2>/dev/null | awk '{ print "unit", $1, $3 }'
  # every mount outside the kernel's and Docker's own places: a share left read-write after a remount is residue,
  # wherever it is mounted, and so is a file of the run on it
  mounts=$(findmnt -rn -o TARGET 2>/dev/null | grep -vE '^/(proc|sys|dev|run|var/lib/docker)(/|$)')
  # shellcheck disable=SC2086 # one mount point a word: findmnt -r writes a blank in a path as \x20
  find /workspace /tmp /var/tmp /etc /home /root /var/lib/openclaw /var/lib/bilrost-twin /var/lib/gjallarhorn /mnt $mounts \
    -maxdepth 5 -name "*$token*" 2>/dev/null | sort -u | sed 's/^/file /'
  findmnt -rn -o TARGET,OPTIONS 2>/dev/null | awk '$1 !~ "^/(proc|sys|dev|run|var/lib/docker)(/|$)" {print "mount", $1, $2}'
  iptables -S 2>/dev/null | sed 's/^/rule /'
  cut -d: -f1 /etc/passwd | sed 's/^/user /'
  # the services a run stops, pauses or restarts must be back in the state they were in
  for unit in "$BILROST_OVERLAY_WATCHER_UNIT" "$BILROST_GATEWAY_UNIT" workspace.mount 'workspace\x2dobsidian.mount' docker.service; do
    systemctl cat "$unit" >/dev/null 2>&1 && echo "unit $unit $(systemctl is-active "$unit" 2>/dev/null)"
  done
  pid=$(systemctl show -p MainPID --value "$BILROST_OVERLAY_WATCHER_UNIT" 2>/dev/null)
  if [ -n "$pid" ] && [ "$pid" != 0 ]; then
    case $(ps -o stat= -p "$pid" 2>/dev/null) in T*) echo "process overlay-watcher paused" ;; *) echo "process overlay-watcher running" ;; esac
  fi
  [ -d "$UPPER" ] && find "$UPPER" -mindepth 1 2>/dev/null | sed "s|^$UPPER|upper |"
} | sort -u
exit 0
