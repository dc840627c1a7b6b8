#!/usr/bin/env bash
# Steps on the overlay watcher's audit trail, run as root; the tampering is done as the audited identity (the
# owner of /workspace) through runuser, without sudo. Every step restores what it changed.
# Usage: audit-probe.sh ACTION TOKEN [ARGS...]
#   write KIND...    START <log size>, then writes of the run under /workspace, one after the other, as the owner:
#                    create|modify|delete|move, and the writes
#                    watchers lose in practice: deep (a new directory several levels deep, written at once), hooks
#                    (<new dir>/hooks/post-checkout), githooks (<new dir>/.git/hooks/pre-commit), rename-in (from
#                    /tmp into the tree), rename-out (out of the tree to /tmp), hardlink, chmod; cleanup.
#                    After each write CONTROL <kind> <name>: a control file written after it in the directory it
#                    landed in (name relative to /workspace); after all of them CONTROL end <name> at the top.
#                    BARRIER-LOST <kind>: a directory of that write was not seen handled before the write.
#                    WRITE-FAILED <kind> <why>: a step of that write failed (it was not made).
#                    Last WATCHED <yes|no|unknown> <processes> <watches>: whether a process of the watcher's unit
#                    holds an inotify watch on the top of the tree (/workspace or its upper layer), from /proc
#   logged START NAME EVENTS [NAME EVENTS...]  LOGGED <count> NAME per pair, all from one read of the watcher log
#                    from byte START on: lines naming NAME (and, unless EVENTS is -, one of EVENTS, a regex);
#                    NOLOG <reason> instead when the log cannot be read
#   watcher          WATCHER <active|inactive|...> <pid> <user>, OWNER <the audited identity>
#   kill             KILL delivered | KILL refused <error> | KILL not-running | KILL failed <exit> <error>:
#                    SIGTERM to the watcher as the audited identity
#   restore-watcher  restart the watcher as root: RESTORED <state>
#   flood            PAUSE paused|refused <error>|failed <exit> <error>, then
#                    FLOOD <files> <logged> <overflow-lines> <control-logged|control-not-logged>: pause it as the
#                    audited identity, write past its event queue, resume; FLOOD-NOT-RUN <reason> when it cannot
#   rename           RENAME moved | refused <error> | failed <exit> <error> | no-log: move the log away as the
#                    audited identity (moved back at once)
#   truncate         TRUNCATE emptied <size-after> <intact|CHANGED> | refused <error> | failed <exit> <error> | no-log:
#                    empty the log as the audited identity (contents restored)
set -u
action=$1 token=$2
log=/var/log/openclaw/overlay-watcher.log
unit=overlay-watcher.service
owner=$(stat -c %U /workspace)
as_owner() { runuser -u "$owner" -- "$@"; }
f="/workspace/.$token-audit"
# how long a control write may take to appear in the log, in seconds: only an upper bound, the wait ends
# as soon as it is there
control_wait=${AUDIT_CONTROL_WAIT:-10}   # seconds a control may take to be logged
# the watcher's log from byte START on (all of it if it shrank meanwhile, e.g. rotated): this run's lines only
since() { local size; size=$(stat -c %s "$log" 2>/dev/null || echo 0); if [ "$size" -ge "$1" ]; then tail -c +$(($1 + 1)) "$log"; else cat "$log"; fi 2>/dev/null; }
# an error text on one line
oneline() { printf '%s' "$1" | tr '\n' ' '; }
# a refusal the kernel gave (EACCES, EPERM, EROFS) to the operation on TARGET ($2: a path, or the PID signalled), as
# the tool printed it on a line naming TARGET. Lines of runuser, su or sudo themselves (setting groups, PAM) are this
# probe's own failure, never the target refusing.
refusal() {
  printf '%s\n' "$1" | grep -vE '^(runuser|su|sudo):' | grep -F -- "$2" | grep -qiE 'permission denied|operation not permitted|read-only file system'
}
# runs one step of a write (CMD...) and prints WRITE-FAILED <kind> <why> when it failed: a write that did not happen
# has no event to miss
attempt() {
  local kind=$1 err rc
  shift
  err=$("$@" 2>&1 >/dev/null); rc=$?
  [ "$rc" -eq 0 ] && return 0
  echo "WRITE-FAILED $kind exit $rc: $(oneline "$err")"
  return 1
}
# waits until NAME (relative to /workspace) is in the log from byte START on: 0 when it is, 1 when the bound ran out
wait_logged() {
  local i
  # bounded by the clock, not by a count of polls: each poll reads the log, which a flood makes long
  local end=$((SECONDS + control_wait))
  while :; do
    since "$2" | grep -qF -- "$1" && return 0
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.1
  done
}
# writes a control file at the top and waits until the watcher logged it: a watcher reads its one event queue in
# order, so by then it has handled every earlier event, including adding a watch on a new directory (inotifywait
# prints a directory's event before it watches it: the directory being in the log is not enough). A control not
# logged is printed as BARRIER-LOST <kind>: what follows it was not written behind the watcher; once one is lost
# the watcher is taken as not logging, and later controls are not waited for (but still reported lost)
deaf=0
barrier() {
  local name="$f-barrier-$1"
  as_owner sh -c ": >'$name'"
  if [ "$deaf" = 0 ]; then
    wait_logged "${name#/workspace/}" "$start" && return 0
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
# a control file written after a write, in directory DIR (the one the write landed in): inotify keeps one queue in
# order, and one watch's events in order, so once the control is logged the watcher has seen the write if it ever will
control() {
  local dir=$1 kind=$2 name
  [ -d "$dir" ] || dir=/workspace
  name="$dir/.$token-audit-after-$kind"
  as_owner sh -c ": >'$name'" && echo "CONTROL $kind ${name#/workspace/}"
}
# the kernel's dev_t of a path (major << 20 | minor, as /proc/PID/fdinfo prints sdev) and its inode, both in hex
kernel_id() {
  local dev ino
  dev=$(stat -c %d "$1" 2>/dev/null) && ino=$(stat -c %i "$1" 2>/dev/null) || return 1
  printf '%x:%x\n' $(( ((((dev >> 8) & 0xfff) | ((dev >> 32) & ~0xfff)) << 20) | ((dev & 0xff) | ((dev >> 12) & ~0xff)) )) "$ino"
}
# WATCHED yes|no|unknown <processes> <watches>: does any process of the watcher's unit watch one of DIRS
watched() {
  local cg procs="" p fd n=0 w=0 hit=no ids="" d id
  for d in "$@"; do id=$(kernel_id "$d") && ids="$ids $id"; done
  [ -n "$ids" ] || { echo "WATCHED unknown 0 0 the tree's top could not be stat'ed"; return; }
  cg=$(systemctl show -p ControlGroup --value "$unit" 2>/dev/null)
  if [ -n "$cg" ]; then
    for p in "/sys/fs/cgroup$cg/cgroup.procs" "/sys/fs/cgroup/systemd$cg/cgroup.procs" "/sys/fs/cgroup/unified$cg/cgroup.procs"; do
      [ -r "$p" ] && { procs=$(cat "$p"); break; }
    done
    [ -n "$procs" ] || { echo "WATCHED unknown 0 0 the unit's cgroup could not be read"; return; }
  else
    case "$(systemctl is-active "$unit" 2>/dev/null)" in
      inactive|failed) ;;  # no process: nothing watches anything
      *) echo "WATCHED unknown 0 0 the unit has no cgroup but is not inactive"; return ;;
    esac
  fi
  for p in $procs; do
    n=$((n + 1))
    for fd in /proc/"$p"/fd/*; do
      [ "$(readlink "$fd" 2>/dev/null)" = anon_inode:inotify ] || continue
      while read -r _ _ ino sdev _; do
        w=$((w + 1))
        case "$ids " in *" ${sdev#sdev:}:${ino#ino:} "*) hit=yes ;; esac
      done < <(grep '^inotify ' "/proc/$p/fdinfo/${fd##*/}" 2>/dev/null)
    done
  done
  echo "WATCHED $hit $n $w"
}
upper=$(awk '$5 == "/workspace"' /proc/self/mountinfo | grep -o 'upperdir=[^, ]*' | head -1)
upper=${upper#upperdir=}
case "$action" in
  write)
    shift 2
    start=$(stat -c %s "$log" 2>/dev/null || echo 0)
    echo "START $start"
    for kind in "$@"; do
      case "$kind" in
        create) attempt "$kind" as_owner sh -c "echo created >'$f-create'"; control /workspace "$kind" ;;
        modify) attempt "$kind" as_owner sh -c "echo one >'$f-modify'" && attempt "$kind" as_owner sh -c "echo two >>'$f-modify'"
                control /workspace "$kind" ;;
        delete) attempt "$kind" as_owner sh -c "echo gone >'$f-delete'" && attempt "$kind" as_owner rm -f "$f-delete"; control /workspace "$kind" ;;
        move) attempt "$kind" as_owner sh -c "echo moved >'$f-move'" && attempt "$kind" as_owner mv "$f-move" "$f-moved"; control /workspace "$kind" ;;
        deep) attempt "$kind" as_owner sh -c "mkdir -p '$f-deep/a/b/c/d' && echo deep >'$f-deep/a/b/c/d/file'"; control "$f-deep/a/b/c/d" "$kind" ;;
        # the hook goes into a directory the watcher has already handled (so a recursive watcher watches it by then)
        hooks) mkdirs_handled "$f-repo/hooks" hooks
               attempt "$kind" as_owner sh -c "printf '#!/bin/sh\\nexit 0\\n' >'$f-repo/hooks/post-checkout'"; control "$f-repo/hooks" "$kind" ;;
        githooks) mkdirs_handled "$f-git/.git/hooks" githooks
                  attempt "$kind" as_owner sh -c "printf '#!/bin/sh\\nexit 0\\n' >'$f-git/.git/hooks/pre-commit'"; control "$f-git/.git/hooks" "$kind" ;;
        rename-in) attempt "$kind" as_owner sh -c "echo in >'/tmp/.$token-audit-in'" && attempt "$kind" as_owner mv "/tmp/.$token-audit-in" "$f-renamed-in"
                   control /workspace "$kind" ;;
        rename-out) attempt "$kind" as_owner sh -c "echo out >'$f-out'" && attempt "$kind" as_owner mv "$f-out" "/tmp/.$token-audit-out"
                    rm -f "/tmp/.$token-audit-out"
                    control /workspace "$kind" ;;
        hardlink) attempt "$kind" as_owner sh -c "echo linked >'$f-link-source'" && attempt "$kind" as_owner ln "$f-link-source" "$f-hardlink"
                  control /workspace "$kind" ;;
        chmod) attempt "$kind" as_owner sh -c "echo mode >'$f-mode'" && attempt "$kind" as_owner chmod 0755 "$f-mode"; control /workspace "$kind" ;;
        cleanup) as_owner rm -rf "$f"-*; rm -f "/tmp/.$token-audit-in" "/tmp/.$token-audit-out" ;;
      esac
    done
    if [ "$*" != cleanup ]; then
      control /workspace end
      watched /workspace ${upper:+"$upper"}
    fi ;;
  logged)
    start=$3
    shift 3
    [ -r "$log" ] || { echo "NOLOG $log cannot be read"; exit 0; }
    # one read for every name, so a control and the writes before it are judged on the same lines
    snapshot=$(since "$start")
    while [ $# -ge 2 ]; do
      if [ "$2" != - ]; then
        n=$(printf '%s\n' "$snapshot" | grep -F -- "$1" | grep -cE -- "$2")
      else
        n=$(printf '%s\n' "$snapshot" | grep -cF -- "$1")
      fi
      echo "LOGGED ${n:-0} $1"
      shift 2
    done ;;
  watcher)
    echo "WATCHER $(systemctl is-active "$unit") $(systemctl show -p MainPID --value "$unit")" \
         "$(systemctl show -p User --value "$unit")"
    echo "OWNER $owner" ;;
  kill)
    pid=$(systemctl show -p MainPID --value "$unit")
    if [ -z "$pid" ] || [ "$pid" -le 1 ]; then echo "KILL not-running"; exit 0; fi
    err=$(as_owner kill -TERM "$pid" 2>&1); rc=$?
    if [ "$rc" -eq 0 ]; then echo "KILL delivered"
    elif refusal "$err" "$pid"; then echo "KILL refused $(oneline "$err")"
    else echo "KILL failed $rc $(oneline "$err")"; fi ;;
  restore-watcher) systemctl restart "$unit"; sleep 1; echo "RESTORED $(systemctl is-active "$unit")" ;;
  flood)
    pid=$(systemctl show -p MainPID --value "$unit")
    if [ -z "$pid" ] || [ "$pid" -le 1 ]; then echo "FLOOD-NOT-RUN precondition-unmet the watcher is not running"; exit 0; fi
    limit=$(cat /proc/sys/fs/inotify/max_queued_events 2>/dev/null || echo 16384)
    n=$((limit + 2000))
    # half straight under /workspace, half in new subdirectories (each must be watched before its files are seen)
    start=$(stat -c %s "$log" 2>/dev/null || echo 0)
    err=$(as_owner kill -STOP "$pid" 2>&1); stopped=$?
    if [ "$stopped" -eq 0 ]; then echo "PAUSE paused"
    elif refusal "$err" "$pid"; then echo "PAUSE refused $(oneline "$err")"
    else echo "PAUSE failed $stopped $(oneline "$err")"; fi
    trap 'as_owner find /workspace -maxdepth 1 -name ".$token-flood-*" -exec rm -rf {} + 2>/dev/null' EXIT HUP TERM
    as_owner bash -c "cd /workspace && for i in \$(seq $n); do if [ \$i -le $((n / 2)) ]; then : >'.$token-flood-'\$i;
      else d='.$token-flood-dir-'\$(( i / 500 )); [ -d \$d ] || mkdir \$d; : >\$d/'.$token-flood-'\$i; fi; done"
    [ "$stopped" -eq 0 ] && kill -CONT "$pid"
    # controls written after the flood, in its last directory and at the top: once the watcher logged them, it has
    # logged whatever it will of the flood (one inotify queue, read in order)
    last="/workspace/.$token-flood-dir-$((n / 500))"
    [ -d "$last" ] && as_owner sh -c ": >'$last/.$token-flood-control'"
    as_owner sh -c ": >'/workspace/.$token-flood-control-top'"
    control_wait=45   # seconds: a flood takes the watcher a while to work through; the step's own bound is 4 minutes
    if wait_logged ".$token-flood-control-top" "$start"; then control=control-logged; else control=control-not-logged; fi
    snapshot=$(since "$start")
    # distinct names: a file both evented and listed by a rescan counts once
    logged=$(printf '%s\n' "$snapshot" | grep -oE -- "/\.$token-flood-[0-9]+ CREATE" | sort -u | wc -l)
    overflow=$(printf '%s\n' "$snapshot" | grep -c 'Q_OVERFLOW')
    echo "FLOOD $n $logged $overflow $control"
    as_owner find /workspace -maxdepth 1 -name ".$token-flood-*" -exec rm -rf {} + ;;
  rename)
    [ -e "$log" ] || { echo "RENAME no-log"; exit 0; }
    err=$(as_owner mv "$log" "$log.$token" 2>&1); rc=$?
    [ -e "$log.$token" ] && mv "$log.$token" "$log"
    if [ "$rc" -eq 0 ]; then echo "RENAME moved"
    elif refusal "$err" "$log"; then echo "RENAME refused $(oneline "$err")"
    else echo "RENAME failed $rc $(oneline "$err")"; fi ;;
  truncate)
    [ -e "$log" ] || { echo "TRUNCATE no-log"; exit 0; }
    size=$(stat -c %s "$log")
    cp -p "$log" "/run/$token-watcher.log" || { echo "TRUNCATE failed - could not keep a copy of the log"; exit 0; }
    err=$(as_owner truncate -s 0 "$log" 2>&1); rc=$?
    after=$(stat -c %s "$log")
    if [ "$after" -lt "$size" ]; then   # put the history back, then whatever was appended since
      cat "$log" >"/run/$token-watcher.tail"
      cat "/run/$token-watcher.log" "/run/$token-watcher.tail" >"$log"
    fi
    cmp -s <(head -c "$size" "$log") "/run/$token-watcher.log" && intact=intact || intact=CHANGED
    rm -f "/run/$token-watcher.log" "/run/$token-watcher.tail"
    if [ "$rc" -eq 0 ]; then echo "TRUNCATE emptied $after $intact"
    elif refusal "$err" "$log"; then echo "TRUNCATE refused $(oneline "$err")"
    else echo "TRUNCATE failed $rc $(oneline "$err")"; fi ;;
esac
exit 0
