#!/usr/bin/env bash
# Steps on the overlay watcher's audit trail, run as root; the tampering is done as the audited identity (the
# owner of /workspace) through runuser, without sudo. Every step restores what it changed.
# Usage: audit-probe.sh ACTION TOKEN
#   write KIND       create|modify|delete|move a file of the run under /workspace (as the owner)
#   logged NAME      LOGGED <count> lines of the watcher log naming NAME
#   watcher          WATCHER <active|inactive> <pid> <user>, OWNER <the audited identity>
#   kill             KILL <exit> <error>: SIGTERM to the watcher as the audited identity
#   restore-watcher  restart the watcher as root
#   flood            FLOOD <exit-of-SIGSTOP> <files> <logged> <overflow-lines>: pause it, write past the queue, resume
#   rename           RENAME <exit> <error>: move the log away as the audited identity (moved back at once)
#   truncate         TRUNCATE <exit> <size-after> <error>: empty the log as the audited identity (contents restored)
set -u
action=$1 token=$2
log=/var/log/openclaw/overlay-watcher.log
owner=$(stat -c %U /workspace)
as_owner() { runuser -u "$owner" -- "$@"; }
f="/workspace/.$token-audit"
case "$action" in
  write)
    case "$3" in
      create) as_owner sh -c "echo created >'$f-create'" ;;
      modify) as_owner sh -c "echo one >'$f-modify'"; sleep 1; as_owner sh -c "echo two >>'$f-modify'" ;;
      delete) as_owner sh -c "echo gone >'$f-delete'"; sleep 1; as_owner rm -f "$f-delete" ;;
      move) as_owner sh -c "echo moved >'$f-move'"; sleep 1; as_owner mv "$f-move" "$f-moved" ;;
      cleanup) as_owner rm -f "$f"-* ;;
    esac ;;
  logged) echo "LOGGED $(grep -cF -- "$3" "$log" 2>/dev/null || echo 0)" ;;
  watcher)
    echo "WATCHER $(systemctl is-active overlay-watcher.service) $(systemctl show -p MainPID --value overlay-watcher.service)" \
         "$(systemctl show -p User --value overlay-watcher.service)"
    echo "OWNER $owner" ;;
  kill)
    pid=$(systemctl show -p MainPID --value overlay-watcher.service)
    if [ -z "$pid" ] || [ "$pid" -le 1 ]; then echo "KILL -1 the watcher is not running"; exit 0; fi
    err=$(as_owner kill -TERM "$pid" 2>&1); echo "KILL $? $(echo "$err" | tr '\n' ' ')" ;;
  restore-watcher) systemctl restart overlay-watcher.service; sleep 1; echo "RESTORED $(systemctl is-active overlay-watcher.service)" ;;
  flood)
    pid=$(systemctl show -p MainPID --value overlay-watcher.service)
    if [ -z "$pid" ] || [ "$pid" -le 1 ]; then echo "FLOOD -1 0 0 0 the watcher is not running"; exit 0; fi
    limit=$(cat /proc/sys/fs/inotify/max_queued_events 2>/dev/null || echo 16384)
    n=$((limit + 2000))
    # files straight under /workspace: a new subdirectory would only be watched once the watcher has seen it
    start=$(stat -c %s "$log" 2>/dev/null || echo 0)
    as_owner kill -STOP "$pid" 2>/dev/null; stopped=$?
    as_owner bash -c "cd /workspace && for i in \$(seq $n); do : >'.$token-flood-'\$i; done"
    [ "$stopped" -eq 0 ] && kill -CONT "$pid"
    sleep 3
    logged=$(tail -c +$((start + 1)) "$log" | grep -c -- "/\.$token-flood-[0-9]* CREATE")
    overflow=$(tail -c +$((start + 1)) "$log" | grep -c 'Q_OVERFLOW')
    echo "FLOOD $stopped $n $logged $overflow"
    as_owner find /workspace -maxdepth 1 -name ".$token-flood-*" -delete ;;
  rename)
    err=$(as_owner mv "$log" "$log.$token" 2>&1); rc=$?
    [ -e "$log.$token" ] && mv "$log.$token" "$log"
    echo "RENAME $rc $(echo "$err" | tr '\n' ' ')" ;;
  truncate)
    size=$(stat -c %s "$log" 2>/dev/null || echo 0)
    cp -p "$log" "/run/$token-watcher.log"
    err=$(as_owner truncate -s 0 "$log" 2>&1); rc=$?
    after=$(stat -c %s "$log")
    if [ "$after" -lt "$size" ]; then   # put the history back, then whatever was appended since
      cat "$log" >"/run/$token-watcher.tail"
      cat "/run/$token-watcher.log" "/run/$token-watcher.tail" >"$log"
    fi
    cmp -s <(head -c "$size" "$log") "/run/$token-watcher.log" && intact=intact || intact=CHANGED
    rm -f "/run/$token-watcher.log" "/run/$token-watcher.tail"
    echo "TRUNCATE $rc $after $intact $(echo "$err" | tr '\n' ' ')" ;;
esac
exit 0
