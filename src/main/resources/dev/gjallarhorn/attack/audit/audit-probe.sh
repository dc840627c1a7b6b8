#!/usr/bin/env bash
# Steps on the overlay watcher's audit trail, run as root; the tampering is done as the audited identity (the
# owner of /workspace) through runuser, without sudo. Every step restores what it changed.
# Usage: audit-probe.sh ACTION TOKEN [ARGS...]
#   writers UPPER WORK LOWER ROLE=NAME...
#                    Who can write which layer (UPPER, WORK, LOWER: the overlay's directories from the mount table, -
#                    when not known). LAYER <merged|upper|work|lower> <dir> <owner:group> <mode> <acl>: each layer's
#                    directory (acl: its named entries with w, - for none, unread when it has one getfacl cannot
#                    show). CANDIDATE <name> <why>: each identity tried, the ROLE=NAMEs given and the layers' owners,
#                    the members of a group that may write one, the users and groups its ACL lets write. Then, per
#                    layer and identity, a create as that identity: ACCESS <merged|upper|lower> <name>
#                    through | refused <error> | failed <exit> <error> | absent <why> (removed at once)
#   write UPPER WORK LOWER SPEC...
#                    SPEC is wN:WAY:NAME:KIND: a write of KIND as NAME (root, or through runuser, without sudo) in the
#                    WAY's layer (merged: /workspace; upper, lower: the directories themselves), in files named
#                    .TOKEN-audit-wN-WAY-NAME-... at the layer's top. KIND: create, modify (in place), append,
#                    truncate, delete, move, rename-in (from the work directory when NAME may write there, else
#                    /tmp), rename-out (to the same), hardlink, symlink, chmod, touch (mtime only), deep (a new
#                    directory several levels deep, written at once), hooks (<new dir>/hooks/post-checkout),
#                    githooks (<new dir>/.git/hooks/pre-commit). The files the writes change are made first, then a
#                    control the watcher must log (BARRIER-LOST prepare when it did not in time), then START <log
#                    size>, then the writes. After each CONTROL wN:KIND <name>: a control file written through
#                    /workspace as NAME in the directory the write landed in (relative to /workspace); after all of
#                    them CONTROL end <name> at the top, as the owner of /workspace.
#                    BARRIER-LOST wN:KIND: a directory of that write was not seen handled before the write.
#                    WRITE-FAILED wN:KIND <why>: a step of that write failed (it was not made).
#                    Last WATCHED <yes|no|unknown> <processes> <watches>: whether a process of the watcher's unit
#                    holds an inotify watch on the top of the tree (/workspace or its upper layer), from /proc, and
#                    WATCHES <merged|upper> <yes|no|unknown> for each top
#   cleanup UPPER WORK LOWER   removes every file of the run from the layers, /tmp and the work directory
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
#   durability UPPER WORK LOWER
#                    Whether the log keeps what was written before the watcher stops, across a restart as the system
#                    does one (systemctl restart of its unit, as root; it is verified back running, started again if
#                    not). DURABLE-WRITES <write> <before> <after>: a file created and removed, then a control
#                    (relative to /workspace), before the stop; the control after it. DURABLE-BEFORE
#                    <logged|not-logged> <lines naming the write> <lines naming the control> <watched yes|no|unknown>:
#                    the control waited for up to AUDIT_BEFORE_WAIT s while the watcher runs. DURABLE-RESTART <exit>
#                    <old pid> <new pid> <state> <error>. DURABLE-AFTER-STOP <write lines> <control lines>
#                    <intact|CHANGED> (what the log held before the write step, byte for byte): right after the
#                    restart, before anything new is written. DURABLE-AFTER <logged|not-logged> <files written to push
#                    it through> <write lines> <control lines>: a control written once the new watcher watches the
#                    top; more files are written while it is not logged (a block-buffered watcher writes out only full
#                    buffers). DURABLE-NOT-RUN <reason> <why> when it cannot run
#   alerting         Whether anything consumes the watcher's log and acts on it. ALERT-LOG <path>: the log as the
#                    watcher's processes hold it (fd 1), else the known path. CONSUMER process <pid> <comm> <unit>,
#                    CONSUMER file <path>, CONSUMER unit <name>, CONSUMER script <path>: processes outside the watcher's
#                    unit holding it open, files naming it (units, cron, scripts; the watcher's own unit aside), the
#                    units those files are or trigger and the programs they run. PATTERN <text>: what a consumer
#                    script matches (its grep patterns). Then sensitive writes through /workspace as the owner (a git
#                    hook, a CI workflow, an env file, the agent's config, one per pattern): ALERT-WRITE <name>,
#                    ALERT-LOGGED <logged> <written> <files written to push them through>, then, for up to
#                    AUDIT_ALERT_WAIT s, ALERTED mail <file> | ALERTED journal <unit>: a mail spool or a consumer
#                    unit's journal naming this run's token; ALERT-CHECKED <seconds> last
#   truncate         TRUNCATE emptied <size-after> <intact|CHANGED> | refused <error> | failed <exit> <error> | no-log:
#                    empty the log as the audited identity (contents restored)
set -u
action=$1 token=$2
case "$action" in writers|write|cleanup|durability) upper_dir=$3 work_dir=$4 lower_dir=$5; shift 5; set -- "$action" "$token" "$@" ;; esac
log=$BILROST_OVERLAY_WATCHER_LOG
unit=$BILROST_OVERLAY_WATCHER_UNIT
owner=$(stat -c %U /workspace)
# runs CMD as WHO: root itself, anyone else through runuser (no sudo, no login shell needed)
as_user() { local who=$1; shift; if [ "$who" = root ]; then "$@"; else runuser -u "$who" -- "$@"; fi; }
as_owner() { as_user "$owner" "$@"; }
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
  local name="$f-barrier-${1//:/-}"
  as_owner sh -c ": >'$name'"
  if [ "$deaf" = 0 ]; then
    wait_logged "${name#/workspace/}" "$start" && return 0
    deaf=1
  fi
  echo "BARRIER-LOST ${1%-*}"
  return 0
}
# creates a directory one level at a time as WHO (PREFIX then the parts of REST: "-repo/hooks"), each after the
# watcher handled its parent: a recursive watcher then watches every level, without the race of a tree created at
# once (that race is the "deep" write's question)
mkdirs_handled() {
  local who=$1 made=$2 rest=$3 label=$4 i=0 part
  for part in $(echo "$rest" | tr '/' ' '); do
    if [ "$i" = 0 ]; then made="$made$part"; else made="$made/$part"; fi
    attempt "$label" as_user "$who" mkdir "$made"; i=$((i + 1)); barrier "$label-$i"
  done
}
# a control file written after a write, through /workspace, as WHO, in RELDIR (the directory the write landed in,
# relative to its layer's top; under /workspace that is the same directory): inotify keeps one queue in order, and
# one watch's events in order, so once the control is logged the watcher has seen the write if it ever will
control() {
  local who=$1 dir=/workspace${2:+/$2} label=$3 name
  [ -d "$dir" ] || dir=/workspace
  name="$dir/.$token-audit-after-${label//:/-}"
  as_user "$who" sh -c ": >'$name'" && echo "CONTROL $label ${name#/workspace/}"
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
# lines of the watcher log from byte START on that name NAME
named() { since "$2" | grep -cF -- "$1"; }
# writes empty files at the top of /workspace as the owner, 50 at a time, until NAME is in the log from byte START on
# or CAP files were written: a watcher whose output is block-buffered writes it out only when a buffer is full.
# Prints how many it wrote (they are removed)
push_through() {
  local name=$1 start=$2 cap=${3:-2000} n=0
  while [ "$n" -lt "$cap" ] && ! since "$start" | grep -qF -- "$name"; do
    as_owner bash -c "for i in \$(seq $((n + 1)) $((n + 50))); do : >'/workspace/.$token-pad-'\$i; done"
    n=$((n + 50))
    sleep 0.2
  done
  [ "$n" -gt 0 ] && as_owner find /workspace -maxdepth 1 -name ".$token-pad-*" -delete
  echo "$n"
}
# the processes of the watcher's unit, one a line (empty when it has none or they cannot be read)
unit_procs() {
  local cg p
  cg=$(systemctl show -p ControlGroup --value "$unit" 2>/dev/null)
  [ -n "$cg" ] || return 0
  for p in "/sys/fs/cgroup$cg/cgroup.procs" "/sys/fs/cgroup/systemd$cg/cgroup.procs" "/sys/fs/cgroup/unified$cg/cgroup.procs"; do
    [ -r "$p" ] && { cat "$p"; return 0; }
  done
}
# the directory of a layer: merged (/workspace), upper, lower
layer_dir() { case "$1" in merged) echo /workspace ;; upper) echo "$upper_dir" ;; lower) echo "$lower_dir" ;; esac; }
# the named entries of DIR's ACL that may write (user:NAME,group:NAME), - for none, unread when it has an ACL that
# getfacl (absent) cannot show
acl_writers() {
  local named
  # shellcheck disable=SC2012 # ls for only the mode string's 11th character: + marks an ACL
  if command -v getfacl >/dev/null 2>&1; then
    named=$(getfacl -cp "$1" 2>/dev/null | awk -F: '($1 == "user" || $1 == "group") && $2 != "" && $3 ~ /w/ { print $1 ":" $2 }' | paste -sd, -)
    echo "${named:--}"
  elif [ "$(ls -ld "$1" 2>/dev/null | cut -c11)" = + ]; then echo unread
  else echo -; fi
}
# the members of GROUP (a name or a gid): those it lists and those whose primary group it is
members() {
  local gid
  gid=$(getent group "$1" | cut -d: -f3)
  { getent group "$1" | cut -d: -f4 | tr ',' '\n'; [ -n "$gid" ] && getent passwd | awk -F: -v g="$gid" '$4 == g { print $1 }'; } | grep -v '^$' | sort -u
}
# where WHO's renames into and out of the tree go for writer ID: for the upper layer, its work directory (the same
# filesystem, so a real rename) when WHO may write there, else /tmp
outside_dir() {
  local t
  if [ "$1" = upper ] && [ "$work_dir" != - ] && [ -d "$work_dir" ]; then
    t="$work_dir/.$token-audit-$3-try"
    if as_user "$2" touch "$t" 2>/dev/null; then rm -f "$t"; echo "$work_dir"; return; fi
  fi
  echo /tmp
}
# makes the file a write of KIND changes, before the log's start is taken
prepare() {
  local id=$1 way=$2 who=$3 kind=$4 p
  p="$(layer_dir "$way")/.$token-audit-$id-$way-$who"
  case "$kind" in
    modify|append|truncate|delete|touch) attempt "$id:$kind" as_user "$who" sh -c "echo one >'$p-$kind'" ;;
    chmod) attempt "$id:$kind" as_user "$who" sh -c "echo one >'$p-mode'" ;;
    move) attempt "$id:$kind" as_user "$who" sh -c "echo one >'$p-move'" ;;
    rename-out) attempt "$id:$kind" as_user "$who" sh -c "echo one >'$p-out'" ;;
    hardlink) attempt "$id:$kind" as_user "$who" sh -c "echo one >'$p-link-source'" ;;
    rename-in) attempt "$id:$kind" as_user "$who" sh -c "echo one >'${outside[$id]}/.$token-audit-$id-$way-$who-in'" ;;
  esac
}
# one write of KIND as WHO in WAY's layer, then its control
write_one() {
  local id=$1 way=$2 who=$3 kind=$4 label="$1:$4" rel p out
  rel=".$token-audit-$id-$way-$who"; p="$(layer_dir "$way")/$rel"; out=${outside[$id]:-/tmp}
  case "$kind" in
    create) attempt "$label" as_user "$who" sh -c "echo created >'$p-create'" ;;
    modify) attempt "$label" as_user "$who" sh -c "echo two 1<>'$p-modify'" ;;
    append) attempt "$label" as_user "$who" sh -c "echo two >>'$p-append'" ;;
    truncate) attempt "$label" as_user "$who" truncate -s 0 "$p-truncate" ;;
    delete) attempt "$label" as_user "$who" rm "$p-delete" ;;
    move) attempt "$label" as_user "$who" mv "$p-move" "$p-moved" ;;
    rename-in) attempt "$label" as_user "$who" mv "$out/$rel-in" "$p-renamed-in" ;;
    rename-out) attempt "$label" as_user "$who" mv "$p-out" "$out/.$token-audit-$id-moved-away"; rm -f "$out/.$token-audit-$id-moved-away" ;;
    hardlink) attempt "$label" as_user "$who" ln "$p-link-source" "$p-hardlink" ;;
    symlink) attempt "$label" as_user "$who" ln -s "$rel-create" "$p-symlink" ;;
    chmod) attempt "$label" as_user "$who" chmod 0755 "$p-mode" ;;
    touch) attempt "$label" as_user "$who" touch -m -d @86400 "$p-touch" ;;
    deep) attempt "$label" as_user "$who" sh -c "mkdir -p '$p-deep/a/b/c/d' && echo deep >'$p-deep/a/b/c/d/file'"
          control "$who" "$rel-deep/a/b/c/d" "$label"; return ;;
    # the hook goes into a directory the watcher has already handled (so a recursive watcher watches it by then)
    hooks) mkdirs_handled "$who" "$p" "-repo/hooks" "$label"
           attempt "$label" as_user "$who" sh -c "printf '#!/bin/sh\\nexit 0\\n' >'$p-repo/hooks/post-checkout'"
           control "$who" "$rel-repo/hooks" "$label"; return ;;
    githooks) mkdirs_handled "$who" "$p" "-git/.git/hooks" "$label"
              attempt "$label" as_user "$who" sh -c "printf '#!/bin/sh\\nexit 0\\n' >'$p-git/.git/hooks/pre-commit'"
              control "$who" "$rel-git/.git/hooks" "$label"; return ;;
  esac
  control "$who" "" "$label"
}
case "$action" in
  writers)
    shift 2
    declare -A why=()
    order=()
    candidate() {
      local n=$1; shift
      { [ -n "$n" ] && [ "$n" != UNKNOWN ]; } || return 0
      if [ -z "${why[$n]+x}" ]; then order+=("$n"); why[$n]="$*"; else why[$n]="${why[$n]}; $*"; fi
    }
    for a in "$@"; do candidate "${a#*=}" "${a%%=*}"; done
    for lw in "merged:/workspace" "upper:$upper_dir" "work:$work_dir" "lower:$lower_dir"; do
      w=${lw%%:*} d=${lw#*:}
      { [ "$d" != - ] && [ -d "$d" ]; } || { echo "LAYER $w $d missing"; continue; }
      acl=$(acl_writers "$d") group=$(stat -c %G "$d") mode=$(stat -c %a "$d")
      echo "LAYER $w $d $(stat -c %U "$d"):$group $mode $acl"
      candidate "$(stat -c %U "$d")" "owner of the $w directory"
      if [ $((8#$mode & 8#020)) -ne 0 ]; then
        for m in $(members "$(stat -c %g "$d")"); do candidate "$m" "member of group $group, which may write the $w directory"; done
      fi
      [ $((8#$mode & 8#002)) -ne 0 ] && candidate nobody "anyone may write the $w directory"
      for e in ${acl//,/ }; do
        case "$e" in
          user:*) candidate "${e#user:}" "named with w in the $w directory's ACL" ;;
          group:*) for m in $(members "${e#group:}"); do candidate "$m" "member of ${e#group:}, named with w in the $w directory's ACL"; done ;;
        esac
      done
    done
    i=0
    for n in "${order[@]}"; do
      echo "CANDIDATE $n ${why[$n]}"
      id -u "$n" >/dev/null 2>&1 || { echo "ABSENT $n no such user on the target"; continue; }
      for lw in "merged:/workspace" "upper:$upper_dir" "lower:$lower_dir"; do
        w=${lw%%:*} d=${lw#*:}
        { [ "$d" != - ] && [ -d "$d" ]; } || continue
        i=$((i + 1)); p="$d/.$token-audit-access-$i"
        err=$(as_user "$n" touch "$p" 2>&1); rc=$?
        if [ "$rc" -eq 0 ]; then echo "ACCESS $w $n through"
        elif refusal "$err" "$p"; then echo "ACCESS $w $n refused $(oneline "$err")"
        else echo "ACCESS $w $n failed $rc $(oneline "$err")"; fi
        rm -f "$p"
      done
    done ;;
  write)
    shift 2
    declare -A outside=()
    start=$(stat -c %s "$log" 2>/dev/null || echo 0)
    for spec in "$@"; do
      IFS=: read -r id way who kind <<<"$spec"
      [ -n "${outside[$id]+x}" ] || outside[$id]=$(outside_dir "$way" "$who" "$id")
      prepare "$id" "$way" "$who" "$kind"
    done
    # what the writes change is logged before the start is taken: a line naming one of its files after it is the write's
    barrier prepare-0
    start=$(stat -c %s "$log" 2>/dev/null || echo 0)
    echo "START $start"
    for spec in "$@"; do
      IFS=: read -r id way who kind <<<"$spec"
      write_one "$id" "$way" "$who" "$kind"
    done
    control "$owner" "" end
    tops=(/workspace)
    [ "$upper_dir" != - ] && tops+=("$upper_dir")
    watched "${tops[@]}"
    echo "WATCHES merged $(watched /workspace | cut -d' ' -f2)"
    [ "$upper_dir" != - ] && echo "WATCHES upper $(watched "$upper_dir" | cut -d' ' -f2)" ;;
  cleanup)
    # through the overlay first what only the upper layer holds (removing there what the lower layer holds would
    # leave a whiteout), then whatever is left, in each directory itself
    for e in /workspace/."$token"-audit-*; do
      { [ -e "$e" ] || [ -L "$e" ]; } || continue
      b=${e##*/}
      [ "$lower_dir" != - ] && { [ -e "$lower_dir/$b" ] || [ -L "$lower_dir/$b" ]; } && continue
      rm -rf "$e"
    done
    for d in "$upper_dir" "$work_dir" "$lower_dir" /tmp; do
      { [ "$d" != - ] && [ -d "$d" ]; } || continue
      rm -rf "$d"/."$token"-audit-* 2>/dev/null
    done
    echo CLEANED ;;
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
  restore-watcher) systemctl restart "$unit"; up_by=$((SECONDS + 10))
    until [ "$(systemctl is-active "$unit")" = active ] || [ "$SECONDS" -ge "$up_by" ]; do sleep 0.2; done
    echo "RESTORED $(systemctl is-active "$unit")" ;;
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
    if wait_logged ".$token-flood-control-top" "$start"; then control="control-logged"; else control="control-not-logged"; fi
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
  durability)
    shift 2
    tops=(/workspace)
    [ "$upper_dir" != - ] && tops+=("$upper_dir")
    state=$(systemctl is-active "$unit" 2>/dev/null)
    [ "$state" = active ] || { echo "DURABLE-NOT-RUN precondition-unmet the watcher is $state"; exit 0; }
    start=$(stat -c %s "$log" 2>/dev/null || echo 0)
    w=".$token-durable-write" c1=".$token-durable-before" c2=".$token-durable-after"
    trap 'rm -f "/workspace/$w" "/workspace/$c1" "/workspace/$c2"' EXIT
    { as_owner sh -c ": >'/workspace/$w'" && as_owner rm "/workspace/$w" && as_owner sh -c ": >'/workspace/$c1'"; } \
      || { echo "DURABLE-NOT-RUN probe-error the writes before the stop failed"; exit 0; }
    echo "DURABLE-WRITES $w $c1 $c2"
    # the claim's own bound: a watcher that has not logged the control by then is not merely slow
    control_wait=${AUDIT_BEFORE_WAIT:-30}
    if wait_logged "$c1" "$start"; then before=logged; else before=not-logged; fi
    echo "DURABLE-BEFORE $before $(named "$w" "$start") $(named "$c1" "$start") $(watched "${tops[@]}" | cut -d' ' -f2)"
    history=$(head -c "$start" "$log" 2>/dev/null | md5sum)
    old=$(systemctl show -p MainPID --value "$unit")
    err=$(systemctl restart "$unit" 2>&1); rc=$?
    # put back running and verified: active under a new pid, started once more if it is not within the bound
    end=$((SECONDS + 10)); new=$old
    while [ "$SECONDS" -lt "$end" ]; do
      new=$(systemctl show -p MainPID --value "$unit")
      [ "$(systemctl is-active "$unit")" = active ] && [ "$new" != 0 ] && [ "$new" != "$old" ] && break
      sleep 0.2
    done
    [ "$(systemctl is-active "$unit")" = active ] || { systemctl start "$unit" 2>/dev/null; up_by=$((SECONDS + 10))
      until [ "$(systemctl is-active "$unit")" = active ] || [ "$SECONDS" -ge "$up_by" ]; do sleep 0.2; done
      new=$(systemctl show -p MainPID --value "$unit"); }
    echo "DURABLE-RESTART $rc $old $new $(systemctl is-active "$unit") $(oneline "$err")"
    [ "$(head -c "$start" "$log" 2>/dev/null | md5sum)" = "$history" ] && kept=intact || kept=CHANGED
    echo "DURABLE-AFTER-STOP $(named "$w" "$start") $(named "$c1" "$start") $kept"
    # the new watcher must watch the top before the control is written there
    end=$((SECONDS + 10))
    until [ "$(watched "${tops[@]}" | cut -d' ' -f2)" = yes ] || [ "$SECONDS" -ge "$end" ]; do sleep 0.2; done
    as_owner sh -c ": >'/workspace/$c2'"
    control_wait=10
    padded=0
    if wait_logged "$c2" "$start"; then after=logged; else
      padded=$(push_through "$c2" "$start")
      if wait_logged "$c2" "$start"; then after=logged; else after=not-logged; fi
    fi
    echo "DURABLE-AFTER $after $padded $(named "$w" "$start") $(named "$c1" "$start")" ;;
  alerting)
    # the log as the watcher's processes write it (their standard output), else the path this probe knows
    procs=$(unit_procs)
    real=""
    for p in $procs; do
      t=$(readlink "/proc/$p/fd/1" 2>/dev/null)
      [ -f "$t" ] && case "$t" in /*.log|/var/log/*) real=$t; break ;; esac
    done
    real=${real:-$log}
    log=$real
    echo "ALERT-LOG $real"
    [ -r "$real" ] || { echo "ALERT-NOT-RUN precondition-unmet the watcher's log $real cannot be read"; exit 0; }
    declare -A units=()
    for p in /proc/[0-9]*; do
      pid=${p#/proc/}
      # shellcheck disable=SC2086,SC2116 # echo joins the pids of every line with single blanks
      case " $(echo $procs) $$ $BASHPID " in *" $pid "*) continue ;; esac
      for fd in "$p"/fd/*; do
        [ "$(readlink "$fd" 2>/dev/null)" = "$real" ] || continue
        u=$(grep -oE '[^/]+\.(service|scope)$' "$p/cgroup" 2>/dev/null | head -1)
        # a consumer is a service that follows the log; a reader in a login session (this run's own searches, an
        # admin's tail) or a transient unit of a gjallarhorn run is not
        case "$u" in *.service) ;; *) break ;; esac
        case "$u" in gjh-*) break ;; esac
        echo "CONSUMER process $pid $(cat "$p/comm" 2>/dev/null) ${u:--}"
        [ -n "$u" ] && units[$u]=1
        break
      done
    done
    # files naming the log: units, cron entries, syslog and other daemons' configuration, local scripts. The
    # watcher's own unit writes it; logrotate only keeps it
    scripts=()
    while IFS= read -r file; do
      case "$file" in */"$unit"|*/"$unit".d/*|/etc/logrotate.d/*) continue ;; esac
      echo "CONSUMER file $file"
      name=${file##*/}
      case "$name" in
        *.path) t=$(systemctl show -p Unit --value "$name" 2>/dev/null); units[${t:-${name%.path}.service}]=1 ;;
        *.timer) t=$(systemctl show -p Unit --value "$name" 2>/dev/null); units[${t:-${name%.timer}.service}]=1 ;;
        *.service) units[$name]=1 ;;
      esac
      [ -x "$file" ] && scripts+=("$file")
    done < <(grep -rlsF -- "$real" /etc /run/systemd /usr/lib/systemd/system /lib/systemd/system /var/spool/cron \
             /usr/local/bin /usr/local/sbin 2>/dev/null | sort -u)
    for u in "${!units[@]}"; do
      echo "CONSUMER unit $u"
      exe=$(systemctl show -p ExecStart --value "$u" 2>/dev/null | grep -oE 'path=[^ ;]+' | head -1)
      exe=${exe#path=}
      [ -n "$exe" ] && [ -f "$exe" ] && { echo "CONSUMER script $exe"; scripts+=("$exe"); }
    done
    # what the consumer scripts look for: their grep patterns, split at alternatives, each a path fragment or a name
    patterns=()
    for sc in "${scripts[@]}"; do
      { [ "$(stat -c %s "$sc" 2>/dev/null || echo 999999)" -lt 65536 ] && grep -Iq . "$sc" 2>/dev/null; } || continue
      while IFS= read -r piece; do
        piece=$(printf '%s' "$piece" | sed -E 's/\\//g; s/[][()^$?*+{}]//g; s/ +$//; s/^ +//')
        printf '%s' "$piece" | grep -qE '^[A-Za-z0-9._/-]{3,}$' || continue
        case " /.git/hooks/ /.github/workflows/ .env openclaw.json ${patterns[*]} " in *" $piece "*|*" /$piece/ "*) continue ;; esac
        patterns+=("$piece"); echo "PATTERN $piece"
      done < <(grep -oE "grep[^'\"]*['\"][^'\"]+['\"]" "$sc" | sed -E "s/^[^'\"]*['\"]//; s/['\"]$//" | tr '|' '\n')
    done
    trap 'as_owner find /workspace -maxdepth 1 \( -name ".$token-alert-*" -o -name ".$token-audit-barrier-*" \) -exec rm -rf {} + 2>/dev/null
' EXIT
    # a consumer that this run's own writes (every attack writes under /workspace, each a line of the log) made hit
    # its start limit acts no more: take back that effect of ours before asking it, and again while we wait, and say so
    declare -A reset=()
    rearm() {
      local u r
      for u in "${!units[@]}" $(systemctl list-units --all --plain --no-legend --type=path 2>/dev/null | awk '{print $1}'); do
        r=$(systemctl show -p Result --value "$u" 2>/dev/null)
        case "$r" in start-limit-hit|unit-start-limit-hit) ;; *) continue ;; esac
        systemctl reset-failed "$u" 2>/dev/null || continue
        case "$u" in *.path) systemctl start "$u" 2>/dev/null ;; esac
        [ -n "${reset[$u]:-}" ] || echo "ALERT-RESET $u had hit its start limit ($r; this run's writes trigger it): reset-failed"
        reset[$u]=1
      done
    }
    rearm
    start=$(stat -c %s "$real" 2>/dev/null || echo 0)
    i=0 names=()
    for piece in /.git/hooks/ /.github/workflows/ .env openclaw.json "${patterns[@]}"; do
      i=$((i + 1)); d="/workspace/.$token-alert-$i"
      core=${piece#/}; core=${core%/}
      # one level at a time, each after the watcher handled its parent (a tree made at once is the "deep" write's question)
      { as_owner mkdir "$d" && barrier "alert-$i-0"; } || continue
      case "$piece" in
        */*) mkdirs_handled "$owner" "$d/" "$core" "alert-$i" >/dev/null; file="$d/$core/$token-$i" ;;
        *) file="$d/$core" ;;
      esac
      as_owner sh -c "echo '# $token' >'$file'" && { names+=(".$token-alert-$i/"); echo "ALERT-WRITE ${file#/workspace/} $piece"; }
    done
    logged() { local n=0 x; for x in "${names[@]}"; do since "$start" | grep -qF -- "$x" && n=$((n + 1)); done; echo "$n"; }
    control_wait=10
    padded=0
    last=".$token-alert-$i/"
    wait_logged "$last" "$start" || padded=$(push_through "$last" "$start")
    echo "ALERT-LOGGED $(logged) ${#names[@]} $padded"
    # the consequence: a mail spool or a consumer unit's journal naming this run's token (only this run's writes
    # carry it, so whenever it got there, one of them caused it)
    wait=${AUDIT_ALERT_WAIT:-20}; end=$((SECONDS + wait)); found=0
    while :; do
      while IFS= read -r m; do grep -qF -- "$token" "$m" 2>/dev/null && { echo "ALERTED mail $m"; found=1; }; done \
        < <(find /var/mail /var/spool/mail /root/Maildir /home/*/Maildir -type f 2>/dev/null)
      for u in "${!units[@]}"; do
        journalctl -q -o cat "_SYSTEMD_UNIT=$u" 2>/dev/null | grep -qF -- "$token" && { echo "ALERTED journal $u"; found=1; }
      done
      [ "$found" = 1 ] || [ "$SECONDS" -ge "$end" ] && break
      rearm
      sleep 0.5
    done
    echo "ALERT-CHECKED $((SECONDS - end + wait))" ;;
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
