#!/usr/bin/env bash
# Looks, as root, at every byte where a secret can land, for the patterns in PATTERNS (one per line: every secret
# value of secrets.env and its raw, base64, hex and url-encoded forms; the file is removed at once). Prints only
# where and which pattern (by line number), never a value.
#
# Proving it can see: CONTROLS holds canaries (one a line, each of one secret's shape, made from the run token; never
# a real secret; removed at once). Before searching, each kind of place gets them where it keeps things: a journal
# entry with a custom field (GJALLARHORN_CONTROL; a journal entry cannot be removed, and a canary is no secret), a
# file at the top of every searched directory and of every writable filesystem below (a read-only one instead gets a
# string taken from one of its own files), for each kind of compression or archive a tool of the target reads a file
# of that kind without its usual suffix (a zlib stream, an xz file named like any other), two git repositories where
# the canaries were committed and removed in the next commit (so they live only in loose objects, and after git gc
# only in a pack), a file deleted while a process holds it open, an SQLite database, a transient unit whose process
# carries them in its command line and environment and whose Environment= property holds them, a stopped container
# and its image. The canaries are searched in the same pass as the secrets; a place whose control was not found is
# blind (CONTROL ... missing), never clean. Everything planted is removed before exit.
#
# Forms (secret-forms.sh, put in front of this script): a file is read as it is (plain, tar archives, SQLite);
# compressed or zipped, told by its first bytes and not its name, and read by whichever tool of the target reads that
# kind (FORM lines say which, or that none does); a git repository's objects, loose and packed, reachable or not
# (git cat-file; without git, loose objects are inflated and a pack is undecided); a file deleted but still open,
# read through /proc/PID/fd as root.
#
# Lines (a path is printed with octal escapes for space, tab, newline and backslash, as /proc/mounts does):
#   HIT <place> <where...> <pattern-number> [<file kind>]        a secret (numbers index PATTERNS only); git:
#       HIT git <git dir> <object id> <type> <loose-object|pack file> <a path it had, or -> <pattern-number>
#   FORM <form> <tool|no-tool> <what>          a form a file can hold a secret in, and what read it
#   COPY <path> <other path>                   <other path> has the same bytes as the reported <path> (read once)
#   CONTROL <place> <found|missing|unplanted> <where> [<why>]    the positive control of a place
#   SEARCHED <place> <what>                    printed after the place was read without error
#   ERROR <place> <what failed and how>        a command whose failure could hide a hit failed: probe-error
#   CUT <place> <timeout|no-tool> <what was not read>
#   TOOK <place> <milliseconds>                ELAPSED <seconds>
# Places: journald, file, compressed, git, databases, deleted-open, process-argv, process-environ, container-config,
# docker-logs, docker-images, unit-properties. Bounded in wall time: every command gets what is left of BUDGET seconds (planting
# included); what was not read when it ran out is a CUT ... timeout naming it. Removing the controls comes after.
# Read-only host shares (READ_ONLY_SHARE...) are not read: nothing in the VM can have written a secret there. An
# overlay whose upper layer lies in a searched directory is read through its layers, not twice.
# Commands are called by PATH, as a user's shell would, so a tool replaced on the target is the tool used.
# Usage: secret-search.sh TOKEN SERVICE_HOME PATTERNS CONTROLS BUDGET_SECONDS [READ_ONLY_SHARE...]
set -u
export LC_ALL=C
# shellcheck disable=SC2034 # the harness passes SERVICE_HOME; nothing below reads it
token=$1 home=$2 patterns=$3 controls=$4 budget=${5:-240}
shift 5
skip=("$@")
started=$(date +%s%N)
deadline=$(( $(date +%s) + budget ))
left() { local l=$(( deadline - $(date +%s) )); [ "$l" -gt 0 ] && echo "$l" || echo 0; }
# what is left as a timeout(1) bound: at least 1 second, for "timeout 0" would mean no bound at all
lim() { local l; l=$(left); [ "$l" -gt 0 ] && echo "$l" || echo 1; }
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
esc() { local s=${1//\\/\\134}; s=${s// /\\040}; s=${s//$'\n'/\\012}; printf '%s' "${s//$'\t'/\\011}"; }
work=$(mktemp -d "/run/$token-search.XXXXXX") || { rm -f -- "$patterns" "$controls"; exit 1; }
planted=()       # files and directories to remove
unit="$token-secret-control"
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  local p
  for p in "${planted[@]}"; do rm -rf -- "$p"; done
  if [ -n "${deleted_pid:-}" ]; then kill "$deleted_pid" 2>/dev/null; fi
  timeout 15 systemctl stop "$unit.service" >/dev/null 2>&1
  timeout 15 systemctl reset-failed "$unit.service" >/dev/null 2>&1
  if [ -n "${control_container:-}" ]; then timeout 20 docker rm -f "$control_container" >/dev/null 2>&1; fi
  if [ -n "${control_image:-}" ]; then timeout 20 docker rmi -f "$control_image" >/dev/null 2>&1; fi
  rm -rf "$work"
}
trap cleanup EXIT
# a run killed by the harness (its timeout, a closed connection) still removes what it planted and its work directory
trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 143' TERM
chmod 0700 "$work"
mv "$patterns" "$work/secrets"
mv "$controls" "$work/controls"
[ -s "$work/secrets" ] || { echo "NOPATTERNS"; exit 0; }
[ -s "$work/controls" ] || { echo "NOCONTROLS"; exit 0; }
nsecret=$(grep -c '' "$work/secrets")
cat "$work/secrets" "$work/controls" >"$work/patterns"
ncontrol=$(grep -c '' "$work/controls")
canaries=$(tr '\n' ' ' <"$work/controls" | sed 's/ $//')
control_text="gjallarhorn positive control $canaries"
# the form functions run under timeout(1) and xargs, in a bash of their own
# shellcheck disable=SC2046 # one function name a word
export -f $(compgen -A function form_)
# shellcheck disable=SC2086 # one variable name a word
export ${!FORM_@}
# shellcheck disable=SC2016 # the inner bash runs its arguments: $0 is the command
bounded() { local s=$1; shift; timeout "$s" bash -c '"$0" "$@"' "$@"; }
# the file the secrets legitimately live in, and the host file Bilrost reads them from (its "# Source:" header)
source_file=$(sed -n 's/^# Source: //p' "$BILROST_SECRETS_FILE" 2>/dev/null | head -1)

# the pattern numbers found in a stream (read once); control numbers are counted, secret numbers printed as hits
matched() { grep -aoF -f "$work/patterns" 2>/dev/null | sort -u >"$work/m"; awk 'NR == FNR { seen[$0] = 1; next } ($0 in seen) { print FNR }' "$work/m" "$work/patterns"; }
hits_of() { awk -v n="$nsecret" '$1 <= n'; }
controls_in() { awk -v n="$nsecret" -v m="$ncontrol" '$1 > n && $1 <= n + m' | grep -c ''; }
bound() { local l; l=$(left); [ "$l" -gt "$1" ] && l=$1; [ "$l" -gt 0 ] && echo "$l" || echo 1; }
report() { # place where <numbers on stdin> [kind]
  local n
  while read -r n; do [ "$n" -le "$nsecret" ] && echo "HIT $1 $2 $n${3:+ $3}"; done
}
# a step that is not started for lack of time
out_of_time() { [ "$(left)" -gt 0 ] && return 1; echo "CUT $1 timeout ${*:2}"; return 0; }
# The first errors of a step that could hide a hit. Not among them: a file that vanished while the step ran (no one
# can read it either), and a mount point of a pseudo filesystem (nsfs for a container's network namespace, proc, sysfs,
# …), which holds no data and answers EINVAL; those are taken from the mount table, so a mount table that cannot be read
# leaves every error counted.
findmnt -rn -o TARGET,FSTYPE 2>/dev/null | awk '$2 ~ /^(nsfs|proc|sysfs|cgroup2?|tracefs|debugfs|securityfs|bpf|pstore|configfs|mqueue|devpts|autofs|binfmt_misc|fusectl|hugetlbfs|efivarfs|rpc_pipefs)$/ { print $1 }' >"$work/pseudo"
pseudo_now() { findmnt -rn -o FSTYPE --mountpoint "$1" 2>/dev/null | grep -qxE 'nsfs|proc|sysfs|cgroup2?|tracefs|debugfs|securityfs|bpf|pstore|configfs|mqueue|devpts|autofs|binfmt_misc|fusectl|hugetlbfs|efivarfs|rpc_pipefs'; }
first_error() {
  local line path n=0 out=""
  while IFS= read -r line; do
    case $line in *': No such file or directory') continue ;; esac
    [ -z "${line//[[:space:]]/}" ] && continue
    path=${line#*: }; path=${path%: *}
    [ -n "$path" ] && grep -qxF -- "$path" "$work/pseudo" && continue
    # a namespace mounted after the table was read (a container started meanwhile), or one gone since: asked again
    case $line in *': Invalid argument') case $path in /*) [ -e "$path" ] || continue; pseudo_now "$path" && continue ;; esac ;; esac
    out="$out$line "; n=$((n + 1)); [ "$n" -ge 3 ] && break
  done <"$1"
  printf '%s' "$out" | cut -c1-300
}

# ---- plant the positive controls ------------------------------------------------------------------------------
# the journal: a custom field, which only a search of every field sees
t=$(date +%s%N)
if printf 'MESSAGE=gjallarhorn %s: positive control of the secret search (canaries, not secrets)\nGJALLARHORN_CONTROL=%s %s\nSYSLOG_IDENTIFIER=%s\n' \
    "$token" "$token" "$canaries" "$token-control" | timeout "$(bound 10)" logger --journald 2>"$work/err"; then
  journal_control=planted
  # waits until journald has written it (an upper bound only); a journalctl that answers nothing never shows it
  for _ in $(seq 1 20); do
    [ "$(left)" -gt 0 ] || break
    timeout "$(bound 5)" journalctl -q --no-pager -o cat "GJALLARHORN_CONTROL=$token $canaries" 2>/dev/null | grep -q . && break
    sleep 0.25
  done
else
  journal_control="unplanted logger --journald failed: $(first_error "$work/err")"
fi

# files: the top of every searched directory, and of every filesystem mounted below one
roots=()
# the run's own working directories (/run/TOKEN-*, other attacks' too) are left out as roots as well as candidates:
# a control planted in one that another attack removes, or that the candidate filter drops, would read as blind
skipped() {
  local s
  case "$1" in /run/"$token"-*) return 0 ;; esac
  for s in "${skip[@]}" "$work" /proc /sys /dev /run /var/lib/gjallarhorn; do [ "$1" = "$s" ] && return 0; done
  return 1
}
below() { local s; for s in "${skip[@]}" "$work" /var/lib/gjallarhorn; do case "$s" in "$1"/*) return 0 ;; esac; done; return 1; }
# overlays read through their layers: the upper layer lies in a searched directory, the lower is a share or searched
overlays=()
# an overlay whose upper layer is a directory here: its files are read where its layers lie
layered() { [ "$2" = overlay ] && [ "$1" != / ] && upper=$(printf '%s' "$3" | tr ',' '\n' | sed -n 's/^upperdir=//p') && [ -n "$upper" ] && [ -d "$upper" ]; }
while read -r target fstype options; do
  layered "$target" "$fstype" "$options" && overlays+=("$target")
done < <(findmnt -rn -o TARGET,FSTYPE,OPTIONS 2>/dev/null)
is_overlay() { local o; for o in "${overlays[@]}"; do [ "$1" = "$o" ] && return 0; done; return 1; }
expand() { # a directory, or its children when something to leave out lies below it
  local d c
  for d in "$@"; do
    [ -e "$d" ] || continue
    [ -L "$d" ] && continue   # /var/run, /bin on merged /usr: what they point to is searched where it lives
    skipped "$d" && continue
    is_overlay "$d" && continue
    if [ -d "$d" ] && below "$d"; then
      for c in "$d"/*; do
        case ${c##*/} in .|..) continue ;; esac
        [ -e "$c" ] && expand "$c"
      done
    elif [ -d "$d" ] || [ -f "$d" ]; then
      roots+=("$d")   # sockets, pipes and devices hold nothing at rest
    fi
  done
}
# hidden entries too (/.env, a "..data" directory), so every entry is a root; bash never globs "." and ".." here
shopt -s dotglob nullglob
expand /* /run/*
shopt -u dotglob nullglob
under_root() { local r; for r in "${roots[@]}"; do case "$1" in "$r"|"$r"/*) return 0 ;; esac; done; return 1; }
# where a control goes: each directory root, and each other filesystem below one (not a skipped share, not an overlay)
control_dirs=()
for r in "${roots[@]}"; do [ -d "$r" ] && control_dirs+=("$r"); done
while read -r target fstype options; do
  # an overlay mounted since the first read (a sandbox container the gateway started meanwhile) is read through its
  # layers too: a control planted in it would land in its upper layer, under another name, and read as blind
  layered "$target" "$fstype" "$options" && continue
  target=$(printf '%b' "$target")
  under_root "$target" || continue
  skipped "$target" || is_overlay "$target" || below "$target" && continue
  for r in "${control_dirs[@]}"; do [ "$r" = "$target" ] && continue 2; done
  [ -d "$target" ] && control_dirs+=("$target")
done < <(findmnt -rn -o TARGET,FSTYPE,OPTIONS 2>/dev/null | grep -v -E '^/(proc|sys|dev)(/| |$)')
declare -A file_control=() derived_control=()
nextra=0
for d in "${control_dirs[@]}"; do
  f="$d/.$token-secret-control"
  if { printf 'gjallarhorn positive control %s\n' "$canaries" >"$f"; } 2>"$work/err"; then
    planted+=("$f"); file_control[$d]=$f
  elif grep -q 'Read-only file system' "$work/err"; then
    # nothing can be planted: a string of one of its own files is the control, searched in the same pass
    sample=$(timeout "$(bound 10)" find "$d" -xdev -type f -size +64c -readable 2>/dev/null | head -1)
    string=$([ -n "$sample" ] && timeout 5 grep -aoE '[[:alnum:]_]{16,}' "$sample" 2>/dev/null | head -1 | cut -c1-40)
    if [ -n "$string" ]; then
      printf '%s\n' "$string" >>"$work/patterns"; nextra=$((nextra + 1))
      derived_control[$d]="$sample"
    else
      echo "CONTROL file unplanted $(esc "$d") read-only, and no file in it to take a control string from"
    fi
  else
    echo "CONTROL file unplanted $(esc "$d") $(first_error "$work/err")"
  fi
done
# for each kind of compression or archive, a control without its usual suffix written by the first tool that can,
# and the first tool that reads it back is the one the search reads that kind with; a kind no tool writes gets its
# reader unproven, and no control
cdir=""
for d in /var/tmp /var /tmp; do [ -n "${file_control[$d]:-}" ] && { cdir=$d; break; }; done
declare -A compressed_control=() form_reader=() form_writer=()
if [ -n "$cdir" ]; then
  for kind in $FORM_KINDS; do
    f="$cdir/.$token-secret-control.$kind-stream"
    planted+=("$f")
    for tool in $(form_writers "$kind"); do
      command -v "$tool" >/dev/null || continue
      printf '%s\n' "$control_text" | bounded "$(bound 10)" form_encode "$kind" "$tool" >"$f" 2>/dev/null && [ -s "$f" ] && { form_writer[$kind]=$tool; break; }
    done
    if [ -n "${form_writer[$kind]:-}" ]; then compressed_control[$kind]=$f; else rm -f -- "$f"; fi
    for tool in $(form_readers "$kind"); do
      command -v "$tool" >/dev/null || continue
      if [ -n "${form_writer[$kind]:-}" ]; then
        bounded "$(bound 10)" form_decode "$kind" "$tool" "$f" 2>/dev/null | grep -qF -- "$(head -1 "$work/controls")" || continue
      fi
      form_reader[$kind]=$tool; break
    done
  done
fi
# git: a repository where the canaries were committed and then removed (loose objects), and one more after git gc (a
# pack); without git, a loose object made by hand, inflated like any zlib stream
git_controls=()
declare -A git_control_kind=()
if [ -n "$cdir" ]; then
  if command -v git >/dev/null; then
    for how in loose packed; do
      d="$cdir/.$token-secret-control.git-$how"
      planted+=("$d")
      if FORM_SECONDS=$(bound 30) bounded "$(bound 30)" form_git_control "$d" "$control_text" "$how" >/dev/null 2>"$work/err"; then
        git_controls+=("$d/.git"); git_control_kind[$d/.git]=$how
      else
        echo "CONTROL git unplanted $(esc "$d") git init, commit or gc failed: $(first_error "$work/err")"
      fi
    done
  elif [ -n "${form_writer[zlib]:-}" ]; then
    d="$cdir/.$token-secret-control.git-loose"
    planted+=("$d")
    bounded "$(bound 10)" form_git_loose_control "$d/.git" "$control_text" "${form_writer[zlib]}" 2>/dev/null \
      && { git_controls+=("$d/.git"); git_control_kind[$d/.git]=loose-by-hand; }
  fi
fi
# a file deleted while a process (a child of this script) holds it open
if [ -n "$cdir" ]; then
  f="$cdir/.$token-secret-control.deleted"
  planted+=("$f")
  if { printf '%s\n' "$control_text" >"$f"; } 2>/dev/null && exec {held}<"$f"; then
    rm -f -- "$f"
    sleep "$((budget + 300))" <&"$held" {held}<&- &
    deleted_pid=$!
    exec {held}<&-
  fi
fi
# an SQLite database
if [ -n "$cdir" ]; then
  db="$cdir/.$token-secret-control.sqlite"
  if command -v sqlite3 >/dev/null; then
    timeout "$(bound 10)" sqlite3 "$db" "create table control(v text); insert into control values('$canaries');" 2>/dev/null
  else # the header is what makes it a database to the search; SQLite keeps text as it is
    { printf 'SQLite format 3\0'; printf 'gjallarhorn positive control %s\n' "$canaries"; } >"$db"
  fi
  planted+=("$db" "$db-journal")
fi
# a process with them in its command line and environment, in a unit whose Environment= holds them
first=$(head -1 "$work/controls")
if ! timeout "$(bound 10)" systemd-run --quiet --unit "$unit" -p "Environment=GJALLARHORN_CONTROL=$first" \
    bash -c 'sleep 600; :' "$token-control" "$canaries" >/dev/null 2>"$work/err"; then
  unit_error=$(first_error "$work/err")
fi
control_pid=$(timeout 5 systemctl show -p MainPID --value "$unit.service" 2>/dev/null)
# a stopped container whose environment, output and image config carry them (an image the target already has)
if command -v docker >/dev/null; then
  image=$(timeout "$(bound 20)" docker images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -v '<none>' | head -1)
  if [ -n "$image" ]; then
    control_container="$token-secret-control"
    if timeout "$(bound 60)" docker run --name "$control_container" --label "dev.gjallarhorn.run=$token" --network none -e "GJALLARHORN_CONTROL=$first" --entrypoint /bin/sh \
        "$image" -c 'echo "gjallarhorn positive control $*"' sh "$canaries" >/dev/null 2>"$work/err"; then
      control_image="$token-secret-control:latest"
      timeout "$(bound 30)" docker commit -c "ENV GJALLARHORN_CONTROL=$first" "$control_container" "$control_image" >/dev/null 2>&1 || control_image=""
    else
      docker_error=$(first_error "$work/err")
    fi
  else
    docker_error="no image on the target to start a control container from"
  fi
fi
echo "TOOK planting $(ms "$t")"

# ---- the journal: every field of every entry, binary fields included (export format), read once ---------------
t=$(date +%s%N)
if ! out_of_time journald "the journal was not read"; then
  timeout "$(lim)" journalctl -o export -a --no-pager 2>"$work/err" | matched >"$work/journal"
  rc=${PIPESTATUS[0]}
  if [ "$rc" = 124 ]; then
    echo "CUT journald timeout the journal was not read to its end within the budget"
  elif [ "$rc" != 0 ]; then
    echo "ERROR journald journalctl -o export exited $rc: $(first_error "$work/err")"
  else
    echo "SEARCHED journald every field of every entry (journalctl -o export)"
  fi
  hits_of <"$work/journal" | report journald "the journal"
  case "$journal_control" in
    planted) [ "$(controls_in <"$work/journal")" -ge "$ncontrol" ] && echo "CONTROL journald found the journal field GJALLARHORN_CONTROL" \
      || echo "CONTROL journald missing the journal field GJALLARHORN_CONTROL (an entry this run wrote)" ;;
    *) echo "CONTROL journald ${journal_control%% *} the journal ${journal_control#* }" ;;
  esac
fi
echo "TOOK journald $(ms "$t")"

# ---- every file, binary ones too ------------------------------------------------------------------------------
t=$(date +%s%N)
: >"$work/listed"
file_cut=0
for root in "${roots[@]}"; do
  if out_of_time file "$(esc "$root") and what lies below it was not read"; then file_cut=1; continue; fi
  timeout "$(lim)" grep -rlaFZ -D skip -f "$work/patterns" -- "$root" >>"$work/listed" 2>"$work/err"; rc=$?
  if [ "$rc" = 124 ]; then
    file_cut=1; echo "CUT file timeout $(esc "$root") and what lies below it was not read to its end within the budget"
  elif [ "$rc" -gt 1 ] && [ -n "$(first_error "$work/err")" ]; then
    # a file that vanished while the sweep ran cannot be read by anyone either; any other error can hide a hit
    echo "ERROR file grep -r $(esc "$root") exited $rc: $(first_error "$work/err")"
  fi
done
[ "$file_cut" = 0 ] && echo "SEARCHED file every file under $(for r in "${roots[@]}"; do printf '%s ' "$(esc "$r")"; done)(binary included; left out: /proc, /sys, /dev, the read-only host shares ${skip[*]:-(none)}, overlays read through their layers ${overlays[*]:-(none)}, and the harness's own /var/lib/gjallarhorn and /run/$token-*)"
# the controls among the listed files
for d in "${!file_control[@]}"; do
  f=${file_control[$d]}
  if grep -zqxF -- "$f" "$work/listed"; then echo "CONTROL file found $(esc "$d")"; else echo "CONTROL file missing $(esc "$d")"; fi
done
for d in "${!derived_control[@]}"; do
  if grep -zqxF -- "${derived_control[$d]}" "$work/listed"; then echo "CONTROL file found $(esc "$d") read-only: a string of $(esc "${derived_control[$d]}")"
  else echo "CONTROL file missing $(esc "$d") read-only: a string of $(esc "${derived_control[$d]}")"; fi
done
# files with a secret: those listed that match one of PATTERNS' own lines (not a control), grouped by content so
# that identical copies (Docker's per-layer copies, containerd's metadata) are read and reported once. Names travel
# NUL-terminated and unescaped (grep -Z, sha256sum -z), so any byte in a name survives. A file that held a secret in
# the sweep and whose second reading is cut, fails or finds none is undecided (CUT/ERROR), never clean.
grep -zvxF -f <(for d in "${!file_control[@]}"; do echo "${file_control[$d]}"; done) "$work/listed" 2>/dev/null \
  | grep -zv -e "^$work/" -e "^/run/$token-" | grep -zvxF -e "$BILROST_SECRETS_FILE" -e "${source_file:-$BILROST_SECRETS_FILE}" | sort -zu >"$work/candidates"
timeout "$(bound 600)" xargs -r -0 grep -laFZ -f "$work/secrets" -- <"$work/candidates" 2>"$work/err" >"$work/with-secret"; rc=$?
# xargs answers 123 when a grep found nothing in its share of the files (grep's 1) as when one failed: stderr tells
if [ "$rc" = 124 ]; then echo "CUT file timeout of the $(tr -cd '\0' <"$work/candidates" | wc -c) files the sweep listed, not all were checked for which secret they hold within the budget"
elif [ "$rc" -gt 124 ] || [ -n "$(first_error "$work/err")" ]; then echo "ERROR file grep -l of the files the sweep listed exited $rc: $(first_error "$work/err")"; fi
if [ -s "$work/with-secret" ]; then
  timeout "$(bound 600)" xargs -r -0 sha256sum -z -- <"$work/with-secret" 2>"$work/sums-err" | sort -zs -k1,1 >"$work/sums"; sums_rc=${PIPESTATUS[0]}
  declare -A shown=() summed=()
  while IFS= read -r -d '' rec; do
    sum=${rec:0:64} f=${rec:66}   # "<64 hex>  <name>" or "<64 hex> *<name>"
    summed[$f]=1
    if [ -n "${shown[$sum]:-}" ]; then echo "COPY $(esc "${shown[$sum]}") $(esc "$f")"; continue; fi
    shown[$sum]=$f
    kind=plain
    case "$(head -c 16 "$f" 2>/dev/null | tr -d '\0')" in "SQLite format 3"*) kind=sqlite ;; esac
    timeout "$(bound 60)" cat -- "$f" 2>"$work/err" | matched | hits_of >"$work/one"; rc=${PIPESTATUS[0]}
    if [ "$rc" = 124 ]; then echo "CUT file timeout $(esc "$f") held a secret in the sweep and was not read again to its end within the budget"
    elif [ "$rc" != 0 ]; then echo "ERROR file cat $(esc "$f") exited $rc after the sweep found a secret in it: $(head -c 200 "$work/err" | tr '\n' ' ')"
    elif [ ! -s "$work/one" ]; then echo "ERROR file $(esc "$f") held a secret in the sweep and none when read again"
    fi
    report file "$(esc "$f")" "$kind" <"$work/one"
  done <"$work/sums"
  # a file that got no hash (sha256sum cut or failed on it) was not read again
  while IFS= read -r -d '' f; do
    [ -n "${summed[$f]:-}" ] && continue
    if [ "$sums_rc" = 124 ]; then echo "CUT file timeout $(esc "$f") held a secret in the sweep and was not hashed and read again within the budget"
    else echo "ERROR file sha256sum $(esc "$f") exited $sums_rc after the sweep found a secret in it: $(head -c 200 "$work/sums-err" | tr '\n' ' ')"; fi
  done <"$work/with-secret"
fi
echo "TOOK file $(ms "$t")"

# databases: the sweep read them as files; the control proves an SQLite file is read and classed as one
if [ -n "$cdir" ]; then
  if grep -zqxF -- "$db" "$work/listed"; then echo "CONTROL databases found $(esc "$db") (an SQLite database)"
  else echo "CONTROL databases missing $(esc "$db") (an SQLite database)"; fi
else
  echo "CONTROL databases unplanted - no writable searched directory (/var/tmp, /var, /tmp) to plant a database in"
fi

# ---- what every file is: its first bytes tell compression and archives (not its name); git repositories ---------
t=$(date +%s%N)
compressed_ok=1 listing_ok=0
: >"$work/all"; : >"$work/kinds"
magic_by=perl; command -v perl >/dev/null || magic_by="od, file by file (the target has no perl)"
if ! out_of_time compressed "no file was checked for compression by its first bytes"; then
  timeout "$(lim)" find "${roots[@]}" -type f -size +7c -print0 2>"$work/err" >"$work/all"; rc=$?
  if [ "$rc" = 124 ]; then compressed_ok=0; echo "CUT compressed timeout the list of files to check for compression was not finished within the budget"
  elif [ "$rc" != 0 ] && [ -n "$(first_error "$work/err")" ]; then compressed_ok=0; echo "ERROR compressed find exited $rc: $(first_error "$work/err")"
  else listing_ok=1; fi
  grep -zv -e "^$work/" "$work/all" | timeout "$(lim)" bash -c form_magic 2>"$work/err" >"$work/kinds"; rc=${PIPESTATUS[1]}
  if [ "$rc" = 124 ]; then compressed_ok=0; echo "CUT compressed timeout not every file's first bytes were read within the budget ($magic_by)"
  elif [ "$rc" != 0 ] || [ -n "$(first_error "$work/err")" ]; then compressed_ok=0; echo "ERROR compressed reading first bytes ($magic_by) exited $rc: $(first_error "$work/err")"; fi
fi
echo "TOOK first-bytes $(ms "$t")"

# ---- git: every object of every repository, loose and packed, reachable or not ----------------------------------
# A secret committed and removed in the next commit lives on in the objects (zlib-compressed) or, after git gc, in a
# pack (deltas of zlib streams). git cat-file reads both; without git, loose objects are inflated with the zlib
# reader below and a pack is undecided.
t=$(date +%s%N)
form_git_dirs <"$work/all" >"$work/gitdirs"
ngit=$(tr -cd '\0' <"$work/gitdirs" | wc -c)
declare -A git_read=()
if ! out_of_time git "no repository's objects were read"; then
  git_ok=1 nobjects=0
  [ "$listing_ok" = 1 ] || { git_ok=0; echo "CUT git timeout the list of files was not finished, so repositories may be missing from it"; }
  if ! command -v git >/dev/null; then
    grep -zE '/objects/pack/[^/]*\.pack$' "$work/all" >"$work/packs"
    npacks=$(tr -cd '\0' <"$work/packs" | wc -c)
    if [ "$npacks" -gt 0 ]; then
      git_ok=0
      echo "CUT git no-tool $npacks packs of $ngit repositories were not read (git is not installed; loose objects are inflated as zlib streams), e.g. $(esc "$(head -zn1 "$work/packs" | tr -d '\0')")"
      echo "CONTROL git unplanted - git is not installed: no pack can be made or read"
    fi
    [ "$git_ok" = 1 ] && echo "SEARCHED git $ngit repositories: their loose objects, inflated as zlib streams with the compressed files (git is not installed; no pack found)"
    echo "FORM git-pack no-tool $npacks packs (git is not installed)"
    echo "FORM git-loose ${form_reader[zlib]:-no-tool} loose objects inflated as zlib streams (git is not installed)"
  else
    while IFS= read -r -d '' d; do
      if out_of_time git "the objects of $(esc "$d") and the repositories after it were not read"; then git_ok=0; break; fi
      FORM_SECONDS=$(lim) form_git_objects "$d" "$work/patterns" "$work/git" >"$work/gobj"; rc=$?
      if [ "$rc" = 124 ]; then git_ok=0; echo "CUT git timeout the objects of $(esc "$d") were not all read within the budget"; continue
      elif [ "$rc" != 0 ]; then
        git_ok=0; echo "ERROR git git cat-file in $(esc "$d") exited $rc: $(first_error "$work/git.err")"
        # which pack cannot be read, and why
        for pack in "$d"/objects/pack/*.pack; do
          [ -f "$pack" ] || continue
          FORM_SECONDS=$(bound 60) form_git "$d" verify-pack "$pack" </dev/null >/dev/null 2>"$work/err" \
            || echo "ERROR git the pack $(esc "$pack") cannot be read: $(first_error "$work/err")"
        done
        continue
      fi
      git_read[$d]=1
      nobjects=$((nobjects + $(grep -c '' "$work/git.list")))
      if [ -n "${git_control_kind[$d]:-}" ]; then
        if [ "$(cut -d' ' -f3 "$work/gobj" | sort -u | controls_in)" -ge "$ncontrol" ]; then
          echo "CONTROL git found $(esc "$d") (${git_control_kind[$d]}: committed, then removed; git cat-file)"
        else echo "CONTROL git missing $(esc "$d") (${git_control_kind[$d]}: committed, then removed; git cat-file)"; fi
        continue
      fi
      awk -v n="$nsecret" '$3 <= n' "$work/gobj" | while read -r oid type number; do
        read -r loc path < <(FORM_SECONDS=$(bound 30) form_git_where "$d" "$oid")
        echo "HIT git $(esc "$d") $oid $type ${loc:-unknown} $(esc "${path:--}") $number"
      done
    done <"$work/gitdirs"
    for d in "${git_controls[@]}"; do [ -n "${git_read[$d]:-}" ] || grep -zqxF -- "$d" "$work/gitdirs" || echo "CONTROL git missing $(esc "$d") (${git_control_kind[$d]}: the file list did not show it)"; done
    [ "$git_ok" = 1 ] && echo "SEARCHED git $ngit repositories, $nobjects objects: every object, loose and packed, reachable or not (git cat-file --batch-all-objects)"
    echo "FORM git-loose git $ngit repositories (git cat-file)"
    echo "FORM git-pack git $ngit repositories (git cat-file; git verify-pack names a pack that cannot be read)"
  fi
fi
echo "TOOK git $(ms "$t")"

# ---- compressed files and archives: decompressed by kind, each distinct content once ----------------------------
# The controls first, one file per kind; then every other file, one stream per kind (most hold nothing), and file by
# file only for a kind whose stream held a secret. A zlib stream's first bytes are a weak sign: one that does not
# inflate is taken for what it is, bytes the sweep read as they are. Without git, a loose object is a zlib stream
# and a secret in it is a git hit.
t=$(date +%s%N)
not_compressed='not in gzip format|file format not recognized|unknown header|not a bzip2 file|unrecognized header|unknown frame descriptor|trailing garbage|not a gzipped file|invalid data stream|file is not a zip file|end-of-central-directory|cannot find zipfile directory|header error'
if ! out_of_time compressed "no compressed file was decompressed"; then
  for kind in "${!compressed_control[@]}"; do
    f=${compressed_control[$kind]}
    listed=$(grep -zxF -- "$kind $f" "$work/kinds" | tr -d '\0')
    bounded "$(bound 10)" form_decode "$kind" "${form_reader[$kind]:-none}" "$f" 2>/dev/null | matched >"$work/one"
    if [ -n "$listed" ] && [ "$(controls_in <"$work/one")" -ge "$ncontrol" ]; then echo "CONTROL compressed found $(esc "$f") ($kind told by its first bytes, read with ${form_reader[$kind]})"
    elif [ -z "$listed" ]; then echo "CONTROL compressed missing $(esc "$f") ($kind: its first bytes were not read as $kind)"
    else echo "CONTROL compressed missing $(esc "$f") ($kind, read with ${form_reader[$kind]:-no tool})"; fi
  done
  [ -z "$cdir" ] && echo "CONTROL compressed unplanted - no writable searched directory (/var/tmp, /var, /tmp) to plant a compressed file in"
  for d in "${git_controls[@]}"; do
    [ "${git_control_kind[$d]}" = loose-by-hand ] || continue
    f=$(find "$d/objects" -type f | head -1)
    bounded "$(bound 10)" form_decode zlib "${form_reader[zlib]:-none}" "$f" 2>/dev/null | matched >"$work/one"
    if grep -zqxF -- "zlib $f" "$work/kinds" && [ "$(controls_in <"$work/one")" -ge "$ncontrol" ]; then echo "CONTROL git found $(esc "$d") (a loose object, inflated with ${form_reader[zlib]}; git is not installed)"
    else echo "CONTROL git missing $(esc "$d") (a loose object, inflated with ${form_reader[zlib]:-no tool}; git is not installed)"; fi
  done
  # the candidates: not a control, not a loose object of a repository git read
  declare -A kind_of=()
  : >"$work/clist"
  while IFS= read -r -d '' rec; do
    k=${rec%% *} f=${rec#* }
    case "$f" in "$cdir/.$token-secret-control."*) [ -n "$cdir" ] && continue ;; esac
    if [ "$k" = zlib ] && [[ $f =~ $FORM_GIT_LOOSE ]] && [ -n "${git_read[${f%/objects/*}]:-}" ]; then continue; fi
    kind_of[$f]=$k
    printf '%s\0' "$f" >>"$work/clist"
  done <"$work/kinds"
  total=$(tr -cd '\0' <"$work/clist" | wc -c)
  # one record a distinct content: its hash and first path; later paths of the same content are its copies (names
  # NUL-terminated and unescaped end to end: find -print0, sha256sum -z)
  timeout "$(bound 600)" xargs -r -0 sha256sum -z -- <"$work/clist" 2>"$work/err" >"$work/csums"; rc=$?
  if [ "$(tr -cd '\0' <"$work/csums" | wc -c)" != "$total" ]; then
    if [ "$rc" = 124 ]; then compressed_ok=0; echo "CUT compressed timeout not every compressed file could be told apart by its content within the budget"
    elif [ -n "$(first_error "$work/err")" ]; then compressed_ok=0; echo "ERROR compressed sha256sum of $total compressed files exited $rc: $(first_error "$work/err")"; fi
  fi
  declare -A cfirst=() csum_of=()
  csum_paths=() csum_sums=()
  for kind in $FORM_KINDS; do : >"$work/k-$kind"; done
  while IFS= read -r -d '' rec; do
    sum=${rec:0:64} f=${rec:66}   # "<64 hex>  <name>" or "<64 hex> *<name>"
    csum_paths+=("$f"); csum_sums+=("$sum")
    [ -n "${cfirst[$sum]:-}" ] && continue
    cfirst[$sum]=$f; csum_of[$f]=$sum
    printf '%s\0' "$f" >>"$work/k-${kind_of[$f]}"
  done <"$work/csums"
  read_kinds=""
  for kind in $FORM_KINDS; do
    n=$(tr -cd '\0' <"$work/k-$kind" | wc -c)
    reader=${form_reader[$kind]:-}
    echo "FORM $kind ${reader:-no-tool} $n distinct files told $kind by their first bytes${reader:+ (read with $reader${form_writer[$kind]:+, its control written with ${form_writer[$kind]}})}"
    [ "$n" -gt 0 ] || continue
    if [ -z "$reader" ]; then compressed_ok=0; echo "CUT compressed no-tool $n $kind files (no tool of the target reads $kind: tried $(form_readers "$kind")), e.g. $(esc "$(head -zn1 "$work/k-$kind" | tr -d '\0')")"; continue; fi
    if [ -z "${compressed_control[$kind]:-}" ]; then
      echo "CONTROL compressed unplanted - $kind: no tool of the target writes $kind (tried $(form_writers "$kind")), so reading it with $reader is unproven"
    fi
    if out_of_time compressed "$n $kind files were not decompressed"; then compressed_ok=0; continue; fi
    read_kinds="$read_kinds$n $kind ($reader), "
    timeout "$(lim)" xargs -r -0 bash -c 'form_decode "$@"' form_decode "$kind" "$reader" <"$work/k-$kind" 2>"$work/err" | matched >"$work/stream"
    rc=${PIPESTATUS[0]}
    if [ "$rc" = 124 ]; then compressed_ok=0; echo "CUT compressed timeout $n $kind files were not all decompressed within the budget"; continue
    elif [ "$rc" != 0 ] && [ "$kind" != zlib ]; then
      # a file with a kind's first bytes that is not of that kind was read as it is by the sweep
      grep -v -i -E "$not_compressed" "$work/err" >"$work/err2"
      [ -n "$(first_error "$work/err2")" ] && { compressed_ok=0; echo "ERROR compressed $kind ($reader) of $n files exited $rc: $(first_error "$work/err2")"; }
    fi
    [ -n "$(hits_of <"$work/stream")" ] || continue
    # the stream held a secret: which files. Every secret of the stream must turn up in one of them again.
    : >"$work/perfile"
    while IFS= read -r -d '' f; do
      bounded "$(bound 60)" form_decode "$kind" "$reader" "$f" 2>"$work/err" | matched | hits_of >"$work/one"; rc=${PIPESTATUS[0]}
      if [ "$rc" = 124 ]; then compressed_ok=0; echo "CUT compressed timeout $(esc "$f") was not decompressed again to its end within the budget"
      elif [ "$rc" != 0 ] && [ "$kind" != zlib ]; then
        grep -v -i -E "$not_compressed" "$work/err" >"$work/err2"
        [ -n "$(first_error "$work/err2")" ] && { compressed_ok=0; echo "ERROR compressed $kind ($reader) $(esc "$f") exited $rc: $(first_error "$work/err2")"; }
      fi
      cat "$work/one" >>"$work/perfile"
      [ -s "$work/one" ] || continue
      if [ "$kind" = zlib ] && [[ $f =~ $FORM_GIT_LOOSE ]] && [ -f "${f%/objects/*}/HEAD" ]; then
        oid=${f#"${f%/objects/*}"/objects/}; oid=${oid/\//}
        while read -r number; do echo "HIT git $(esc "${f%/objects/*}") $oid object loose-object - $number"; done <"$work/one"
      else
        report compressed "$(esc "$f")" "$kind" <"$work/one"
      fi
      sum=${csum_of[$f]}
      for i in "${!csum_paths[@]}"; do
        [ "${csum_sums[$i]}" = "$sum" ] && [ "${csum_paths[$i]}" != "$f" ] && echo "COPY $(esc "$f") $(esc "${csum_paths[$i]}")"
      done
    done <"$work/k-$kind"
    unshown=$(hits_of <"$work/stream" | grep -vxF -f "$work/perfile" | tr '\n' ' ')
    [ -n "$unshown" ] && { compressed_ok=0; echo "ERROR compressed the $kind stream of $n files held secret(s) ${unshown% } that no file showed when decompressed alone"; }
  done
  [ "$compressed_ok" = 1 ] && echo "SEARCHED compressed $(tr -cd '\0' <"$work/all" | wc -c) files checked by their first bytes ($magic_by); $total compressed or zipped ($(cat "$work"/k-* | tr -cd '\0' | wc -c) distinct) decompressed: $([ -n "$read_kinds" ] && echo "${read_kinds%, }" || echo none)"
fi
echo "TOOK compressed $(ms "$t")"

# ---- files deleted but still open: read through /proc/PID/fd as root, each file once -----------------------------
t=$(date +%s%N)
if ! out_of_time deleted-open "no deleted file held open was read"; then
  bounded "$(bound 60)" form_deleted_open 2>"$work/err" >"$work/deleted"; rc=$?
  deleted_ok=1 n=0
  if [ "$rc" = 124 ]; then deleted_ok=0; echo "CUT deleted-open timeout not every process's open files were listed within the budget"
  elif [ "$rc" != 0 ] && [ -n "$(first_error "$work/err")" ]; then deleted_ok=0; echo "ERROR deleted-open find /proc/*/fd exited $rc: $(first_error "$work/err")"; fi
  declare -A seen_file=()
  while IFS= read -r -d '' link && IFS= read -r -d '' target; do
    pid=${link#/proc/}; pid=${pid%%/*}
    [ "$pid" = "$$" ] || [ "$pid" = "$BASHPID" ] && continue
    [ -f "$link" ] || continue   # a deleted socket or pipe holds nothing at rest
    key=$(stat -L -c '%d:%i' -- "$link" 2>/dev/null) || continue
    [ -n "${seen_file[$key]:-}" ] && continue
    seen_file[$key]=1
    if out_of_time deleted-open "$(esc "${target% (deleted)}") and the deleted files after it were not read"; then deleted_ok=0; break; fi
    n=$((n + 1))
    { timeout "$(bound 60)" cat -- "$link" | matched >"$work/one"; rc=${PIPESTATUS[0]}; } 2>"$work/err"
    kind=$(form_kind_of "$(od -An -v -tx1 -N10 -- "$link" 2>/dev/null | tr -d ' \n')")
    [ -n "$kind" ] && [ -n "${form_reader[$kind]:-}" ] && bounded "$(bound 60)" form_decode "$kind" "${form_reader[$kind]}" "$link" 2>/dev/null | matched >>"$work/one"
    if [ "$rc" = 124 ]; then deleted_ok=0; echo "CUT deleted-open timeout $(esc "${target% (deleted)}") (pid $pid) was not read to its end within the budget"
    elif [ "$rc" != 0 ] && [ -n "$(first_error "$work/err")" ]; then deleted_ok=0; echo "ERROR deleted-open cat $link exited $rc: $(first_error "$work/err")"; fi
    if [ "$pid" = "${deleted_pid:-x}" ]; then
      [ "$(sort -u "$work/one" | controls_in)" -ge "$ncontrol" ] && deleted_control=found
      continue
    fi
    holder="pid-$pid-$(tr -cd '[:alnum:]._-' <"/proc/$pid/comm" 2>/dev/null)"
    sort -u "$work/one" | hits_of | while read -r number; do echo "HIT deleted-open $(esc "${target% (deleted)}") $number $holder"; done
  done <"$work/deleted"
  [ "$deleted_ok" = 1 ] && echo "SEARCHED deleted-open $n files deleted but held open by a process (/proc/PID/fd, read as root; compressed ones decompressed)"
  echo "FORM deleted-open cat $n files deleted but still open, read through /proc/PID/fd"
  if [ -z "${deleted_pid:-}" ]; then echo "CONTROL deleted-open unplanted - no writable searched directory (/var/tmp, /var, /tmp) to make a file in"
  else echo "CONTROL deleted-open ${deleted_control:-missing} pid $deleted_pid holds $(esc "$cdir/.$token-secret-control.deleted") (deleted)"; fi
fi
echo "TOOK deleted-open $(ms "$t")"

# ---- every process's command line and environment, but the processes of units that load secrets.env ----------
# One grep over all of /proc/PID/cmdline (and then environ) at once; only a process with a match is looked at more.
# (systemctl show prints one block a unit, its properties in systemd's order, not the order asked for)
t=$(date +%s%N)
secret_units=$(timeout "$(bound 30)" systemctl show '*' -p Id -p EnvironmentFiles 2>"$work/err" \
  | awk 'BEGIN { RS = "" } /EnvironmentFiles=[^\n]*secrets\.env/ { if (match($0, /Id=[^\n]*/)) print substr($0, RSTART + 3, RLENGTH - 3) }')
units_rc=${PIPESTATUS[0]}
# without the list, the gateway's own environment would be a hit: the environments are then not judged at all
if [ "$units_rc" != 0 ]; then
  units_error="systemctl show of every unit's EnvironmentFiles= exited $units_rc: $(first_error "$work/err")"
elif [ -z "$secret_units" ]; then
  # an inactive gateway has no environment to tell apart (and "show '*'" lists only the units systemd has loaded)
  gateway=$(timeout "$(bound 10)" systemctl show -p ActiveState -p EnvironmentFiles "$BILROST_GATEWAY_UNIT" 2>/dev/null)
  if grep -q '^EnvironmentFiles=.*secrets\.env' <<<"$gateway" && ! grep -qx 'ActiveState=inactive' <<<"$gateway"; then
    units_error="systemctl show of every unit named none that loads secrets.env, yet openclaw-gateway.service ($(sed -n 's/^ActiveState=//p' <<<"$gateway")) has it as its EnvironmentFile="
  fi
fi
unit_of() { grep -o -E '[^/]+\.(service|scope)' "/proc/$1/cgroup" 2>/dev/null | tail -1; }
by_pid() { # file kind: "pid pattern-number" for every match in every process's /proc/PID/<kind>
  awk 'NR == FNR { num[$0] = FNR; next } { i = index($0, ":"); split(substr($0, 1, i - 1), p, "/"); m = substr($0, i + 1); if (m in num) print p[3], num[m] }' \
    "$work/patterns" - | sort -u
}
for kind in cmdline environ; do
  place=process-argv; [ "$kind" = environ ] && place=process-environ
  if out_of_time "$place" "no process's $kind was read"; then continue; fi
  if [ "$kind" = environ ] && [ -n "${units_error:-}" ]; then echo "ERROR $place ${units_error}"; continue; fi
  files=()
  for d in /proc/[0-9]*; do [ "${d#/proc/}" = $$ ] || [ "${d#/proc/}" = "$BASHPID" ] || files+=("$d/$kind"); done
  timeout "$(lim)" grep -aoHF -f "$work/patterns" -- "${files[@]}" 2>"$work/err" | by_pid >"$work/procs"
  rc=${PIPESTATUS[0]}
  if [ "$rc" = 124 ]; then echo "CUT $place timeout not every process's $kind was read within the budget"
  elif [ "$rc" -gt 1 ] && [ -n "$(first_error "$work/err")" ]; then echo "ERROR $place grep of /proc/*/$kind exited $rc: $(first_error "$work/err")"
  elif [ "$kind" = cmdline ]; then echo "SEARCHED $place ${#files[@]} processes' command lines"
  else echo "SEARCHED $place ${#files[@]} processes' environments, but those of ${secret_units:-no unit} (which load secrets.env)"; fi
  control_seen=$(awk -v pid="${control_pid:-x}" -v n="$nsecret" -v m="$ncontrol" '$1 == pid && $2 > n && $2 <= n + m' "$work/procs" | grep -c '')
  awk -v n="$nsecret" '$2 <= n' "$work/procs" | while read -r pid number; do
    u=$(unit_of "$pid")
    # shellcheck disable=SC2086,SC2116 # echo joins the unit names of every line with single blanks
    [ "$kind" = environ ] && case " $(echo $secret_units) " in *" $u "*) continue ;; esac
    echo "HIT $place pid $pid ($(tr -d ' ' <"/proc/$pid/comm" 2>/dev/null), ${u:-no unit}) $number"
  done
  want=$ncontrol; [ "$kind" = environ ] && want=1
  if [ -z "${control_pid:-}" ] || [ "$control_pid" = 0 ]; then
    echo "CONTROL $place unplanted the unit $unit did not start: ${unit_error:-systemctl show gave it no main pid}"
  elif [ "$control_seen" -ge "$want" ]; then echo "CONTROL $place found pid $control_pid (unit $unit)"
  else echo "CONTROL $place missing pid $control_pid (unit $unit)"; fi
done
echo "TOOK process $(ms "$t")"

# ---- containers: their configuration (environment, command, labels) and their logs; images: history and config -
t=$(date +%s%N)
if ! command -v docker >/dev/null; then
  for p in container-config docker-logs docker-images; do echo "CUT $p no-tool docker is not installed on the target"; done
elif [ "$(left)" -le 0 ]; then
  for p in container-config docker-logs docker-images; do echo "CUT $p timeout nothing of Docker was read: the budget was spent"; done
else
  # whether container $1 (an id docker ps printed) is gone now: docker ps answers and no longer lists it (the gateway
  # removes idle sandbox containers; one removed mid-search holds nothing any more, and is no probe error)
  container_gone() {
    local now
    now=$(timeout "$(lim)" docker ps -aq 2>/dev/null) || return 1
    ! grep -qx "$1" <<<"$now"
  }
  containers=$(timeout "$(lim)" docker ps -aq 2>"$work/err"); rc=$?
  if [ "$rc" != 0 ]; then
    for p in container-config docker-logs; do echo "ERROR $p docker ps exited $rc: $(first_error "$work/err")"; done
  else
    n=0 gone=0 config_ok=1 logs_ok=1 cut_c=""
    for c in $containers; do
      if [ "$(left)" -le 0 ]; then cut_c=$c; break; fi
      n=$((n + 1))
      name=$(timeout "$(lim)" docker inspect -f '{{.Name}}' "$c" 2>/dev/null | tr -d /)
      timeout "$(lim)" docker inspect "$c" 2>"$work/err" | matched >"$work/one"; rc=${PIPESTATUS[0]}
      if [ "$rc" != 0 ] && [ "$rc" != 124 ] && container_gone "$c"; then n=$((n - 1)); gone=$((gone + 1)); continue; fi
      [ "$rc" != 0 ] && { config_ok=0; echo "ERROR container-config docker inspect $c exited $rc: $(first_error "$work/err")"; }
      hits_of <"$work/one" | report container-config "container ${name:-$c}"
      [ "$name" = "${control_container:-x}" ] && [ "$(controls_in <"$work/one")" -ge 1 ] && config_control=found
      timeout "$(lim)" docker logs "$c" 2>&1 | matched >"$work/one"; rc=${PIPESTATUS[0]}
      [ "$rc" = 124 ] && { logs_ok=0; echo "CUT docker-logs timeout the logs of container ${name:-$c} were not read to their end within the budget"; }
      [ "$rc" != 0 ] && [ "$rc" != 124 ] && ! container_gone "$c" && { logs_ok=0; echo "ERROR docker-logs docker logs $c exited $rc"; }
      hits_of <"$work/one" | report docker-logs "container ${name:-$c}"
      [ "$name" = "${control_container:-x}" ] && [ "$(controls_in <"$work/one")" -ge "$ncontrol" ] && logs_control=found
    done
    if [ -n "$cut_c" ]; then
      echo "CUT container-config timeout containers from $cut_c on were not inspected within the budget"
      echo "CUT docker-logs timeout the logs of containers from $cut_c on were not read within the budget"
    else
      removed=""; [ "$gone" -gt 0 ] && removed="; $gone removed while the search ran"
      [ "$config_ok" = 1 ] && echo "SEARCHED container-config $n containers (docker inspect$removed)"
      [ "$logs_ok" = 1 ] && echo "SEARCHED docker-logs $n containers (docker logs$removed)"
    fi
  fi
  images=$(timeout "$(lim)" docker images -q --no-trunc 2>"$work/err" | sort -u); rc=${PIPESTATUS[0]}
  if [ "$rc" != 0 ]; then
    echo "ERROR docker-images docker images exited $rc: $(first_error "$work/err")"
  else
    n=0 images_ok=1 cut_i="" control_id=""
    [ -n "${control_image:-}" ] && control_id=$(timeout 20 docker image inspect -f '{{.Id}}' "$control_image" 2>/dev/null)
    for image_id in $images; do
      if [ "$(left)" -le 0 ]; then cut_i=$image_id; break; fi
      n=$((n + 1))
      { timeout "$(lim)" docker history --no-trunc "$image_id" && timeout "$(lim)" docker image inspect "$image_id"; } 2>"$work/err" | matched >"$work/one"
      rc=${PIPESTATUS[0]}
      [ "$rc" != 0 ] && { images_ok=0; echo "ERROR docker-images docker history/inspect $image_id exited $rc: $(first_error "$work/err")"; }
      hits_of <"$work/one" | report docker-images "image $image_id"
      [ "$image_id" = "${control_id:-x}" ] && [ "$(controls_in <"$work/one")" -ge 1 ] && images_control=found
    done
    if [ -n "$cut_i" ]; then echo "CUT docker-images timeout images from $cut_i on were not read within the budget"
    elif [ "$images_ok" = 1 ]; then echo "SEARCHED docker-images $n images (history and config; their layers are files above)"; fi
  fi
  if [ -n "${docker_error:-}" ]; then
    for p in container-config docker-logs docker-images; do echo "CONTROL $p unplanted - $docker_error"; done
  else
    echo "CONTROL container-config ${config_control:-missing} container $control_container (docker inspect)"
    echo "CONTROL docker-logs ${logs_control:-missing} container $control_container (docker logs)"
    if [ -n "${control_image:-}" ]; then echo "CONTROL docker-images ${images_control:-missing} image $control_image (history and config)"
    else echo "CONTROL docker-images unplanted - docker commit of the control container failed"; fi
  fi
fi
echo "TOOK docker $(ms "$t")"

t=$(date +%s%N)
if ! out_of_time unit-properties "systemctl show was not run"; then
  timeout "$(lim)" systemctl show '*' -p Id -p Environment 2>"$work/err" | matched >"$work/one"; rc=${PIPESTATUS[0]}
  if [ "$rc" = 124 ]; then echo "CUT unit-properties timeout systemctl show was not read to its end within the budget"
  elif [ "$rc" != 0 ]; then echo "ERROR unit-properties systemctl show exited $rc: $(first_error "$work/err")"
  else echo "SEARCHED unit-properties systemctl show -p Environment of every unit"; fi
  hits_of <"$work/one" | report unit-properties "systemctl show -p Environment"
  if [ -z "${control_pid:-}" ] || [ "$control_pid" = 0 ]; then echo "CONTROL unit-properties unplanted the unit $unit did not start: ${unit_error:-no main pid}"
  elif [ "$(controls_in <"$work/one")" -ge 1 ]; then echo "CONTROL unit-properties found the Environment= of $unit"
  else echo "CONTROL unit-properties missing the Environment= of $unit"; fi
fi
echo "TOOK unit-properties $(ms "$t")"
echo "ELAPSED $(( ($(date +%s%N) - started) / 1000000000 ))"
exit 0
