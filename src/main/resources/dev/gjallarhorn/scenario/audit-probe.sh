#!/usr/bin/env bash
# Steps on the overlay watcher's audit trail, run as root; the tampering is done as the audited identity (the
# owner of /workspace) through runuser, without sudo. Every step restores what it changed.
# Usage: audit-probe.sh ACTION TOKEN
#   write KIND...    START <log size>, then writes of the run under /workspace, one after the other, as the owner:
#                    create|modify|delete|move, and the writes
#                    watchers lose in practice: deep (a new directory several levels deep, written at once), hooks
#                    (<new dir>/hooks/post-checkout), githooks (<new dir>/.git/hooks/pre-commit), rename-in (from
#                    /tmp into the tree), rename-out (out of the tree to /tmp), hardlink, chmod; cleanup
#   logged START NAME EVENTS [NAME EVENTS...]  LOGGED <count> NAME per pair: lines of the watcher log from byte
#                    START naming NAME (and, unless EVENTS is -, one of EVENTS, a regex), one call for many
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
# the watcher's log from byte START on (all of it if it shrank meanwhile, e.g. rotated): this run's lines only
since() { local size; size=$(stat -c %s "$log" 2>/dev/null || echo 0); if [ "$size" -ge "$1" ]; then tail -c +$(($1 + 1)) "$log"; else cat "$log"; fi 2>/dev/null; }
# writes a control file at the top and waits (at most 5 s) until the watcher logged it: a watcher reads its one
# event queue in order, so by then it has handled every earlier event, including adding a watch on a new directory
# (inotifywait prints a directory's event before it watches it: the directory being in the log is not enough).
# A control not logged is printed as BARRIER-LOST <kind>: what follows it was not written behind the watcher; once
# one is lost the watcher is taken as not logging, and later controls are not waited for (but still reported lost)
deaf=0
barrier() {
  local name="$f-barrier-$1" i
  as_owner sh -c ": >'$name'"
  if [ "$deaf" = 0 ]; then
    for i in $(seq 50); do since "$start" | grep -qF -- "${name#/workspace/}" && return 0; sleep 0.1; done
    deaf=1
  fi
  echo "BARRIER-LOST ${1%-*}"
  return 0
}
# creates a directory one level at a time, each after the watcher handled its parent: a recursive watcher then
# watches every level, without the race of a tree created at once (that race is the "deep" write's question)
mkdirs_handled() {
  local path=$1 made=$f rest i=0
  rest=${path#"$f"}
  for part in $(echo "$rest" | tr '/' ' '); do
    if [ "$made" = "$f" ]; then made="$f$part"; else made="$made/$part"; fi
    as_owner mkdir "$made"; i=$((i + 1)); barrier "$2-$i"
  done
}
case "$action" in
  write)
    shift 2
    start=$(stat -c %s "$log" 2>/dev/null || echo 0)
    echo "START $start"
    for kind in "$@"; do
      case "$kind" in
        create) as_owner sh -c "echo created >'$f-create'" ;;
        modify) as_owner sh -c "echo one >'$f-modify'"; as_owner sh -c "echo two >>'$f-modify'" ;;
        delete) as_owner sh -c "echo gone >'$f-delete'"; as_owner rm -f "$f-delete" ;;
        move) as_owner sh -c "echo moved >'$f-move'"; as_owner mv "$f-move" "$f-moved" ;;
        deep) as_owner sh -c "mkdir -p '$f-deep/a/b/c/d' && echo deep >'$f-deep/a/b/c/d/file'" ;;
        # the hook goes into a directory the watcher has already handled (so a recursive watcher watches it by then)
        hooks) mkdirs_handled "$f-repo/hooks" hooks
               as_owner sh -c "printf '#!/bin/sh\\nexit 0\\n' >'$f-repo/hooks/post-checkout'" ;;
        githooks) mkdirs_handled "$f-git/.git/hooks" githooks
                  as_owner sh -c "printf '#!/bin/sh\\nexit 0\\n' >'$f-git/.git/hooks/pre-commit'" ;;
        rename-in) as_owner sh -c "echo in >'/tmp/.$token-audit-in'"; as_owner mv "/tmp/.$token-audit-in" "$f-renamed-in" ;;
        rename-out) as_owner sh -c "echo out >'$f-out'"; as_owner mv "$f-out" "/tmp/.$token-audit-out"; rm -f "/tmp/.$token-audit-out" ;;
        hardlink) as_owner sh -c "echo linked >'$f-link-source'"; as_owner ln "$f-link-source" "$f-hardlink" ;;
        chmod) as_owner sh -c "echo mode >'$f-mode'"; as_owner chmod 0755 "$f-mode" ;;
        cleanup) as_owner rm -rf "$f"-*; rm -f "/tmp/.$token-audit-in" "/tmp/.$token-audit-out" ;;
      esac
    done ;;
  logged)
    start=$3
    shift 3
    while [ $# -ge 2 ]; do
      if [ "$2" != - ]; then
        n=$(since "$start" | grep -F -- "$1" | grep -cE -- "$2" || true)
      else
        n=$(since "$start" | grep -cF -- "$1" || true)
      fi
      echo "LOGGED ${n:-0} $1"
      shift 2
    done ;;
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
    # half straight under /workspace, half in new subdirectories (each must be watched before its files are seen)
    start=$(stat -c %s "$log" 2>/dev/null || echo 0)
    as_owner kill -STOP "$pid" 2>/dev/null; stopped=$?
    as_owner bash -c "cd /workspace && for i in \$(seq $n); do if [ \$i -le $((n / 2)) ]; then : >'.$token-flood-'\$i;
      else d='.$token-flood-dir-'\$(( i / 500 )); [ -d \$d ] || mkdir \$d; : >\$d/'.$token-flood-'\$i; fi; done"
    [ "$stopped" -eq 0 ] && kill -CONT "$pid"
    # a control written after the flood: once the watcher logged it, it has logged whatever it will of the flood
    # (one inotify queue, read in order); a watcher that lost it is waited for 5 s at most
    as_owner sh -c ": >'/workspace/.$token-flood-control'"
    for i in $(seq 50); do since "$start" | grep -qF -- ".$token-flood-control" && break; sleep 0.1; done
    logged=$(since "$start" | grep -c -- "/\.$token-flood-[0-9]* CREATE")
    overflow=$(since "$start" | grep -c 'Q_OVERFLOW')
    echo "FLOOD $stopped $n $logged $overflow"
    as_owner find /workspace -maxdepth 1 -name ".$token-flood-*" -exec rm -rf {} + ;;
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
