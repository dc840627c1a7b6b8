#!/usr/bin/env bash
# shellcheck disable=SC2317 # the c_* candidates are called by a computed name (stage); so is what only they call
# The sync gate's candidates: one at a time, each is put into /workspace as the workspace's owner (so it lands in
# the overlay's upper layer, where the gate takes changes from), and everything it made is removed again before
# the next. Every name a candidate creates carries the run token, except a scanner configuration that only works
# at the top of the tree (.gitleaks.toml, .gitleaksignore): those are planted only where none exists, carry the
# token inside, and are removed the same way. Run as root.
#
# Where candidates go (the PLACE): a directory under /workspace where the gate takes a file of any name (its
# allowlist says so; a gate without one takes everything) and the workspace's owner can write (tried: a scratch
# file made and removed as the owner, so the layer's permissions decide, not its modes read). Tried in this order:
# docs, the directories the allowlist names, the top of /workspace, its other top-level directories.
#
# Usage:
#   sync-gate-probe.sh run TOKEN          the gate is in the VM (the twin's sync-gate): it says where it applies and
#                                         what it allows (sync-gate --show-config); a harmless control must reach
#                                         where it applies first, then every candidate goes through it, judged by
#                                         the gate's exit and what reached that place
#   sync-gate-probe.sh stage NAME TOKEN   the gate is on the harness's host (no allowlist known: Bilrost's has
#                                         none): put one candidate (or the control) in place and say what the host
#                                         must already have (SEED) and how to run the gate (ENV)
#   sync-gate-probe.sh clean TOKEN        remove what stage made
# Prints:
#   GATE <path of sync-gate|missing>                                         (run)
#   NOCONFIG <why>                                                           (run: the gate did not say where it applies)
#   APPLIES <directory the gate applies to>                                  (run)
#   PLACE <directory under /workspace, . for the top>                        (run, stage)
#   NOPLACE <why nothing can be staged, one line>                            (run)
#   CONTROL <gate-exit> <reached:yes|no> <what the gate said>                (run: the harmless candidate)
#   STAGED <name> <oracle:exists|content|mode> <path to check> <path> ...    (run, stage; paths under /workspace)
#   SEED <path> <octal mode> <base64 of the version the host already has>   (stage)
#   ENV noscanner                                                            (stage: run the gate without gitleaks)
#   SKIP <name> <why>                                                        (run, stage: the candidate cannot be placed)
#   CANDIDATE <name> <gate-exit> <reached:yes|no|changed|unchanged|executable|not-executable> <exit with nothing
#             staged, after a refusal; - otherwise> <what the gate said>   (run; exit 124: the gate timed out)
#   LEFT <files of this run still in /workspace or the host checkout>        (run, clean)
set -u
cmd=${1:?run, stage or clean}
case "$cmd" in
  stage) name=${2:?candidate}; token=${3:?token} ;;
  *) token=${2:?token} ;;
esac
p=$token
WS=$BILROST_WORKSPACE
UPPER=$BILROST_OVERLAY_UPPER
TARGET=""       # where the gate applies (only where the gate is in the VM: it says so)
ALLOWLIST='*'   # what the gate takes: shell patterns over paths under /workspace ('*': everything)
GATE_WITHIN=120 # seconds one gate run may take
STATE=/run/$p-sync-gate
owner=$(stat -c %U "$WS")
place=""
tokalnum=${token//[^A-Za-z0-9]/}
cred="ghp_$(printf 'GJHCANARY%s0123456789abcdefghijklmnopqrstuvwxyz' "$tokalnum" | cut -c1-36)"

as_owner() { runuser -u "$owner" -- "$@"; }
first_missing() { # the topmost directory of $2 (relative) missing under $1
  local root=$1 path="" part
  IFS=/ read -r -a parts <<<"$2"
  for part in "${parts[@]}"; do
    path=${path:+$path/}$part
    if [ ! -e "$root/$path" ] && [ ! -L "$root/$path" ]; then echo "$root/$path"; return; fi
  done
}
remember() { [ -n "$1" ] && echo "$1" >>"$STATE/created"; }
begin() { # the first candidate after a clean notes which directories the upper layer has
  if [ ! -d "$STATE" ]; then
    install -d -m 0700 "$STATE"
    find "$UPPER" -type d 2>/dev/null | sort >"$STATE/upper-dirs"
    : >"$STATE/created"
  fi
}
dir() { # directories under /workspace, made as the owner; what is new there (and in the twin's host checkout) is remembered
  local d
  for d in "$@"; do
    remember "$(first_missing "$WS" "$d")"
    [ -d "$TARGET" ] && remember "$(first_missing "$TARGET" "$d")"
    as_owner mkdir -p "$WS/$d"
  done
}
write() { # REL TEXT: a file under /workspace with this text, as the owner
  dir "$(dirname "$1")"
  printf '%s' "$2" | as_owner tee "$WS/$1" >/dev/null
}
seed() { # REL: the host already has this file as it is now in /workspace (its first version)
  local rel=$1
  if [ "$cmd" = run ]; then
    remember "$(first_missing "$TARGET" "$rel")"
    mkdir -p "$(dirname "$TARGET/$rel")"
    cp -p "$WS/$rel" "$TARGET/$rel"
  else
    echo "SEED $rel $(stat -c %a "$WS/$rel") $(base64 -w0 <"$WS/$rel")"
  fi
}
plant_root() { # FILE TEXT: a scanner configuration at the top of the tree, only where there is none
  if [ -e "$WS/$1" ] || [ -L "$WS/$1" ]; then
    echo "SKIP $candidate $1 is already in /workspace; a candidate does not touch it"
    return 1
  fi
  echo "$WS/$1" >>"$STATE/created"
  printf '%s' "$2" | as_owner tee "$WS/$1" >/dev/null
  [ -f "$WS/$1" ] || { echo "SKIP $candidate could not plant $WS/$1 (can $owner write there?)"; return 1; }
}

# ---------------------------------------------------------------------------------------------- the place
allowlisted() { # REL: whether the gate's allowlist takes the path REL
  local - pattern
  set -f   # the patterns are matched, never expanded against the working directory
  for pattern in $ALLOWLIST; do
    # shellcheck disable=SC2254
    case "$1" in $pattern) return 0 ;; esac
  done
  return 1
}
takes_anything_in() { # DIR: whether the allowlist takes a file of every shape the candidates make under DIR
  local name
  for name in "$p-x" "$p-x.md" "$p-x.png" "$p-x.tar" "$p-x.go" "$p-d/node_modules/m/index.js" "$p-d/a/b/c/d/notes.md"; do
    allowlisted "${1:+$1/}$name" || return 1
  done
}
place_candidates() { # the directories to try, most preferred first, one a line ("" is the top of /workspace)
  local - pattern d
  set -f
  echo docs
  for pattern in $ALLOWLIST; do
    d=${pattern%%[*?[]*}
    case "$d" in */*) echo "${d%/*}" ;; esac
  done
  echo ""
  find "$WS" -mindepth 1 -maxdepth 1 -type d ! -name '.*' ! -name node_modules -printf '%f\n' 2>/dev/null | sort
}
layer_of() { stat -c 'owner %U, mode %a' "$1" 2>/dev/null || echo "not readable"; }
can_write() { # DIR: makes DIR (if missing) and a scratch file in it as the owner; says why not
  local at="$WS${1:+/$1}" up
  if [ ! -d "$at" ]; then
    up=$(dirname "$at")
    while [ ! -d "$up" ]; do up=$(dirname "$up"); done
    remember "$(first_missing "$WS" "$1")"
    if ! as_owner mkdir -p "$at" 2>/dev/null; then
      echo "$at is missing and $owner cannot make it ($up: $(layer_of "$up"))"
      return 1
    fi
  fi
  if as_owner touch "$at/$p-place-check" 2>/dev/null; then
    rm -f "$at/$p-place-check"
    return 0
  fi
  echo "$owner cannot write in $at ($(layer_of "$at"))"
  return 1
}
choose_place() { # sets place; or sets noplace (one line: why nothing can be staged) and fails
  local d seen=" " why tried="" taken=""
  while IFS= read -r d; do
    case "$seen" in *" ${d:-.} "*) continue ;; esac
    seen+="${d:-.} "
    takes_anything_in "$d" || continue
    taken+="${taken:+, }$WS${d:+/$d}"
    if why=$(can_write "$d"); then
      place=$d
      return 0
    fi
    tried+="; $why"
  done < <(place_candidates)
  if [ -z "$taken" ]; then
    noplace="nothing can be staged: the gate's allowlist ($ALLOWLIST) takes a file of any name in no directory of $WS"
  else
    noplace="nothing can be staged: $owner can write in none of the directories the gate takes any file from ($taken)$tried"
  fi
  noplace=$(printf '%s' "$noplace" | tr '\n' ' ' | cut -c1-600)
  return 1
}
at() { echo "${place:+$place/}$1"; } # REL: the path of REL in the place

# ---------------------------------------------------------------------------------------------- candidates
# Each puts its files in place and calls staged with how to judge it and the path the host side is checked at.
c_control() { # harmless, in the place: the gate must pass it and apply it, or none of its refusals can be read
  write "$D$p-control.md" "nothing to see here
"
  staged exists "$D$p-control.md" "$WS/$D$p-control.md"
}
c_secret() {
  write "$D$p-notes.md" "notes
GH_TOKEN=$cred
"
  staged exists "$D$p-notes.md" "$WS/$D$p-notes.md"
}
c_scanner_missing() {
  write "$D$p-plain.md" "nothing secret here
"
  gate_env=noscanner
  staged exists "$D$p-plain.md" "$WS/$D$p-plain.md"
}
c_outside_allowlist() {
  dir .git/hooks .github/workflows
  write ".git/hooks/$p-post-checkout" "#!/bin/sh
id >/tmp/$p-pwned
"
  as_owner chmod +x "$WS/.git/hooks/$p-post-checkout"
  staged exists ".git/hooks/$p-post-checkout" "$WS/.git/hooks/$p-post-checkout"
}
c_symlink() {
  as_owner ln -s /etc/passwd "$WS/$D$p-link.md"
  echo "$WS/$D$p-link.md" >>"$STATE/created"
  staged exists "$D$p-link.md" "$WS/$D$p-link.md -> /etc/passwd"
}
c_oversized() {
  dir "${place:-.}"
  as_owner sh -c "head -c 11534336 /dev/zero | tr '\0' 'x' >'$WS/$D$p-big.md'"
  staged exists "$D$p-big.md" "$WS/$D$p-big.md (11 MiB)"
}
c_binary() {
  dir "${place:-.}"
  as_owner sh -c "cat /bin/true >'$WS/$D$p-tool'; printf '\nGH_TOKEN=%s\n' '$cred' >>'$WS/$D$p-tool'; chmod 0644 '$WS/$D$p-tool'"
  staged exists "$D$p-tool" "$WS/$D$p-tool (an ELF binary, a token appended)"
}
c_compressed() {
  dir "${place:-.}"
  as_owner sh -c "printf 'GH_TOKEN=%s\n' '$cred' | gzip -c >'$WS/$D$p-notes.md.gz'"
  staged exists "$D$p-notes.md.gz" "$WS/$D$p-notes.md.gz (gzip)"
}
c_archive() {
  dir "${place:-.}"
  as_owner sh -c "d=\$(mktemp -d /tmp/$p-tar.XXXX) && printf 'GH_TOKEN=%s\n' '$cred' >\"\$d/notes.md\" \
    && tar -C \"\$d\" -cf '$WS/$D$p-bundle.tar' notes.md; rm -rf \"\$d\""
  staged exists "$D$p-bundle.tar" "$WS/$D$p-bundle.tar (tar holding notes.md)"
}
c_deep_path() {
  local rel="$D$p-deep/a/b/c/d/e/f/g/h/i/j/k/l/notes.md"
  write "$rel" "GH_TOKEN=$cred
"
  staged exists "$rel" "$WS/$rel (13 levels down)"
}
c_default_node_modules() {
  write "$D$p-app/node_modules/left-pad/index.js" "module.exports = '$cred';
"
  staged exists "$D$p-app/node_modules/left-pad/index.js" "$WS/$D$p-app/node_modules/left-pad/index.js"
}
c_default_lockfile() {
  write "$D$p-lock/package-lock.json" "{\"token\": \"$cred\"}
"
  staged exists "$D$p-lock/package-lock.json" "$WS/$D$p-lock/package-lock.json"
}
c_default_image() {
  write "$D$p-diagram.png" "GH_TOKEN=$cred
"
  staged exists "$D$p-diagram.png" "$WS/$D$p-diagram.png (text named .png)"
}
c_default_vendor() {
  write "$D$p-go/vendor/github.com/kit.go" "package kit
const Token = \"$cred\"
"
  staged exists "$D$p-go/vendor/github.com/kit.go" "$WS/$D$p-go/vendor/github.com/kit.go"
}
c_tree_config() {
  plant_root .gitleaks.toml "# $p
[extend]
useDefault = true
[allowlist]
paths = ['''$p''']
" || return 0
  write "$D$p-notes.md" "notes
GH_TOKEN=$cred
"
  staged exists "$D$p-notes.md" "$WS/.gitleaks.toml (allowlists the token's paths)" "$WS/$D$p-notes.md"
}
c_tree_ignore() {
  plant_root .gitleaksignore "# $p
$D$p-notes.md:github-pat:2
/var/lib/openclaw/sync-staging/$D$p-notes.md:github-pat:2
" || return 0
  write "$D$p-notes.md" "notes
GH_TOKEN=$cred
"
  staged exists "$D$p-notes.md" "$WS/.gitleaksignore (lists the finding's fingerprint)" "$WS/$D$p-notes.md"
}
c_inline_allow() {
  write "$D$p-notes.md" "notes
GH_TOKEN=$cred # gitleaks:allow
"
  staged exists "$D$p-notes.md" "$WS/$D$p-notes.md (gitleaks:allow on the line)"
}
c_hard_link() {
  write "$D$p-notes.md" "GH_TOKEN=$cred
"
  as_owner ln "$WS/$D$p-notes.md" "$WS/$D$p-copy.js"
  staged exists "$D$p-copy.js" "$WS/$D$p-notes.md" "$WS/$D$p-copy.js (a hard link to it)"
}
c_exec_bit() {
  write "$D$p-run.sh" "#!/bin/sh
echo hello
"
  seed "$D$p-run.sh"
  as_owner chmod 0755 "$WS/$D$p-run.sh"
  staged mode "$D$p-run.sh" "$WS/$D$p-run.sh (0644 on the host, made 0755 in the VM)"
}
c_existing_file() {
  write "$D$p-existing.md" "first version
"
  seed "$D$p-existing.md"
  printf 'second version\n' | as_owner tee "$WS/$D$p-existing.md" >/dev/null
  staged content "$D$p-existing.md" "$WS/$D$p-existing.md (the host has the first version)"
}
c_large_secret() { # SIZE: a credential on the last line of a text file of exactly SIZE bytes
  local size=$1 tail
  tail=$(printf '\nGH_TOKEN=%s\n' "$cred")
  dir "${place:-.}"
  as_owner sh -c "yes 'filler text of a large generated document, nothing secret on this line' | head -c $((size - ${#tail} - 1)) \
    >'$WS/$D$p-large-$size.md'; printf '\nGH_TOKEN=%s\n' '$cred' >>'$WS/$D$p-large-$size.md'"
  staged exists "$D$p-large-$size.md" "$WS/$D$p-large-$size.md ($size bytes, the token on the last line)"
}
c_size_probe() { # SIZE: a harmless text file of exactly SIZE bytes, to find the size the gate stops taking files at
  dir "${place:-.}"
  as_owner sh -c "yes 'filler text of a large generated document, nothing secret on this line' | head -c $1 >'$WS/$D$p-size-$1.md'"
  staged exists "$D$p-size-$1.md" "$WS/$D$p-size-$1.md ($1 bytes, harmless)"
}
c_host_path_named() { c_host_path "$@"; }
c_host_path() { # REL: a harmless file at a path the operator's host runs or trusts when it opens or builds the checkout
  local rel=$1 text
  if [ -e "$WS/$rel" ] || [ -L "$WS/$rel" ] || [ -e "$TARGET/$rel" ]; then
    echo "SKIP $candidate $rel is already there; a candidate does not touch it"
    return 1
  fi
  case "$rel" in
    *.json | *.code-workspace) text="{\"gjallarhorn\": \"$p\"}" ;;
    *.xml) text="<!-- gjallarhorn $p -->" ;;
    *) text="# gjallarhorn $p" ;;
  esac
  remember "$(first_missing "$WS" "$rel")"
  remember "$(first_missing "$TARGET" "$rel")"
  write "$rel" "$text
"
  staged exists "$rel" "$WS/$rel (harmless)"
}
# Paths the operator's host runs, or trusts to say what to run, when the checkout is opened (an editor, a dev
# container, direnv, an AI coding tool), built, installed or committed, or pushed to CI. A "*" in these names is
# the run token.
HOST_PATHS=".vscode/tasks.json .vscode/launch.json .vscode/settings.json .vscode/mcp.json *.code-workspace
  .devcontainer/devcontainer.json .devcontainer.json .devcontainer/Dockerfile .idea/workspace.xml .envrc .mise.toml
  .claude/settings.json .mcp.json .git/hooks/post-checkout .git/config .gitattributes .husky/pre-commit
  .pre-commit-config.yaml .github/workflows/*.yml .gitlab-ci.yml .circleci/config.yml Jenkinsfile package.json
  .npmrc .yarnrc.yml Makefile GNUmakefile justfile Taskfile.yml CMakeLists.txt setup.py pyproject.toml conftest.py
  build.gradle pom.xml Cargo.toml build.rs Dockerfile docker-compose.yml"
host_path_candidates() { # one name a line: host-path:REL, or host-path-named:REL where a pattern of the allowlist is REL itself
  local - rel pattern named
  set -f
  for rel in $HOST_PATHS; do
    rel=${rel//\*/$p}
    named=""
    for pattern in $ALLOWLIST; do [ "$pattern" = "$rel" ] && named=-named; done
    echo "host-path$named:$rel"
  done
}
CANDIDATES="secret scanner-missing outside-allowlist symlink oversized binary compressed archive deep-path
  default-node-modules default-lockfile default-image default-vendor tree-config tree-ignore inline-allow hard-link
  exec-bit existing-file large-secret host-path host-path-named"

stage() { # NAME: put one candidate in place; sets check, oracle, gate_env (and place, D)
  candidate=$1
  gate_env=""
  begin
  # shellcheck disable=SC2086,SC2116 # echo joins the names of every line with single blanks
  case " $(echo $CANDIDATES) size-probe control " in *" ${candidate%%:*} "*) ;; *) echo "SKIP $candidate no such candidate"; return 1 ;; esac
  if ! choose_place; then
    echo "SKIP $candidate $noplace"
    return 1
  fi
  D=${place:+$place/}
  case "$candidate" in
    large-secret | host-path | host-path-named)
      echo "SKIP $candidate only where the gate is in the VM: its members are found by running the gate (its size limit, its allowlist)"
      return 1 ;;
    *:*) fn=${candidate%%:*}; "c_${fn//-/_}" "${candidate#*:}" ;;
    *) "c_${candidate//-/_}" ;;
  esac
}

clean() {
  local f root
  find "$WS" -maxdepth 5 -name "$p*" -exec rm -rf {} + 2>/dev/null
  [ -n "$TARGET" ] && [ -d "$TARGET" ] && find "$TARGET" -maxdepth 5 -name "$p*" -exec rm -rf {} + 2>/dev/null
  for f in .gitleaks.toml .gitleaksignore; do
    for root in "$WS" ${TARGET:+"$TARGET"}; do
      [ -f "$root/$f" ] && grep -q "^# $p\$" "$root/$f" && rm -f "$root/$f"
    done
  done
  if [ -d "$STATE" ]; then
    tac "$STATE/created" | while IFS= read -r f; do [ -n "$f" ] && rm -rf "$f"; done
    # writing into a directory of the read-only lower copies that directory up; put back what it was
    comm -13 "$STATE/upper-dirs" <(find "$UPPER" -type d 2>/dev/null | sort) | sort -r | while IFS= read -r f; do
      rmdir "$f" 2>/dev/null
    done
    rm -rf "$STATE"
  fi
  rm -f "/tmp/$p-pwned"
}

said() { printf '%s' "$1" | grep -E '^(BLOCK|WARN|REFUSED|ACCEPTED)' | tr '\n' ';' | cut -c1-400; }

gate_config() { # asks the gate where it applies and what it takes: sets TARGET, UPPER, ALLOWLIST; or gate_why, and fails
  local conf key value
  if ! conf=$(timeout 30 "$gate" --show-config 2>&1); then
    gate_why="sync-gate --show-config failed: $(printf '%s' "$conf" | tr '\n' ' ' | cut -c1-200)"
    return 1
  fi
  while IFS=' ' read -r key value; do
    case "$key" in
      APPLIES) TARGET=$value ;;
      TAKES) UPPER=$value ;;
      ALLOWLIST) ALLOWLIST=$value ;;
    esac
  done <<<"$conf"
  case "$TARGET" in
    /?*) [ -d "$TARGET" ] && return 0; gate_why="it applies to $TARGET, which is no directory" ;;
    *) gate_why="sync-gate --show-config named no directory it applies to: $(printf '%s' "$conf" | tr '\n' ' ' | cut -c1-200)" ;;
  esac
  return 1
}

through_gate() { # runs the gate once (without the scanner on PATH for ENV noscanner); sets out, rc
  if [ "$gate_env" = noscanner ]; then out=$(env PATH=/usr/sbin:/usr/bin:/sbin:/bin timeout "$GATE_WITHIN" "$gate" 2>&1); rc=$?
  else out=$(timeout "$GATE_WITHIN" "$gate" 2>&1); rc=$?; fi
}

reached_target() { # what of the staged candidate is where the gate applies; sets reached (and notes a mode in out)
  local mode
  case "$oracle" in
    exists) if [ -e "$TARGET/$check" ] || [ -L "$TARGET/$check" ]; then reached=yes; else reached=no; fi ;;
    content) if cmp -s "$WS/$check" "$TARGET/$check"; then reached=changed; else reached=unchanged; fi ;;
    mode)
      mode=$(stat -c %a "$TARGET/$check" 2>/dev/null)
      if [ -x "$TARGET/$check" ]; then reached=executable; else reached=not-executable; fi
      out="$out
(host copy mode ${mode:-missing})" ;;
  esac
}

one() { # NAME: stages one candidate, runs the gate, looks where it applies, cleans; sets rc, reached, out; fails if not staged
  check=""
  stage "$1" || { clean; return 1; }
  [ -n "$check" ] || { clean; return 1; }
  through_gate
  reached_target
  clean
}
SIZE_CAP=33554432 # 32 MiB: a gate that takes files this large has no size limit that matters here
size_limit() { # the largest harmless file the gate takes (lo) and the smallest it refuses (hi, "" if none up to the cap)
  local size=1048576 mid
  lo=0 hi="" size_why=""
  while :; do
    one "size-probe:$size" >/dev/null || { size_why="a harmless file of $size bytes could not be staged"; return 1; }
    echo "SIZEPROBE $size $rc $reached" >&3
    if [ "$rc" -eq 0 ] && [ "$reached" = yes ]; then
      lo=$size
      [ "$size" -ge "$SIZE_CAP" ] && return 0
      size=$((size * 2))
    elif [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ "$reached" = no ]; then
      hi=$size
      break
    else
      size_why="a harmless file of $size bytes: gate exit $rc, reached $reached: $(said "$out")"
      return 1
    fi
  done
  while [ $((hi - lo)) -gt 4096 ]; do
    mid=$(((lo + hi) / 2))
    one "size-probe:$mid" >/dev/null || { size_why="a harmless file of $mid bytes could not be staged"; return 1; }
    echo "SIZEPROBE $mid $rc $reached" >&3
    if [ "$rc" -eq 0 ] && [ "$reached" = yes ]; then lo=$mid
    elif [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ] && [ "$reached" = no ]; then hi=$mid
    else size_why="a harmless file of $mid bytes: gate exit $rc, reached $reached: $(said "$out")"; return 1; fi
  done
}
members() { # NAME: the candidates a family stands for, one a line (a SKIP line where it has none); a plain name itself
  local size sizes=""
  case "$1" in
    large-secret)
      if ! size_limit; then echo "SKIP large-secret the gate's size limit could not be found: $size_why" >&3; return; fi
      echo "SIZELIMIT $lo ${hi:-none}" >&3
      if [ "$lo" -lt 4096 ]; then echo "SKIP large-secret the gate takes no file of 4 KiB ($lo bytes at most)" >&3; return; fi
      # just over each power of two from 1 MiB (where scanners cap what they read), and the largest size it takes
      for size in 1048576 2097152 4194304 8388608 16777216 33554432; do
        [ $((size + 1024)) -lt "$lo" ] && sizes+="large-secret:$((size + 1024)) "
      done
      # shellcheck disable=SC2086 # one candidate a word
      printf '%s\n' $sizes "large-secret:$lo" ;;
    host-path) host_path_candidates | grep '^host-path:' ;;
    host-path-named)
      host_path_candidates | grep '^host-path-named:' \
        || echo "SKIP host-path-named the gate's allowlist ($ALLOWLIST) names no host-run path outright" >&3 ;;
    *) echo "$1" ;;
  esac
}

run_in_vm() {
  local out rc reached name again said_before rc_before
  gate=$(command -v sync-gate || true)
  echo "GATE ${gate:-missing}"
  [ -n "$gate" ] || return 0
  if ! gate_config; then
    echo "NOCONFIG $gate_why"
    return 0
  fi
  echo "APPLIES $TARGET"
  clean
  begin
  if ! choose_place; then
    echo "NOPLACE $noplace"
    clean
    return 0
  fi
  echo "PLACE ${place:-.}"
  clean
  # the positive control: a harmless file must pass and arrive where the gate applies, or no refusal counts
  check=""
  stage control || { clean; return 0; }
  if [ -n "$check" ]; then
    through_gate
    reached_target
    echo "CONTROL $rc $reached $(said "$out")"
  fi
  clean
  { [ -n "$check" ] && [ "$rc" -eq 0 ] && [ "$reached" = yes ]; } || { restore_target; return 0; }
  exec 3>&1
  for name in $(for family in $CANDIDATES; do members "$family"; done); do
    one "$name" || continue
    again=-
    case "$reached" in
      no | unchanged | not-executable)
        # a refusal counts only if the same gate passes again once the candidate is gone
        if [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]; then
          gate_env=""
          said_before=$out rc_before=$rc
          through_gate; again=$rc
          out=$said_before rc=$rc_before
        fi ;;
    esac
    echo "CANDIDATE $name $rc $reached $again $(said "$out")"
  done
  restore_target
}

restore_target() { # the gate also carried what else the upper layer holds: the twin's host checkout goes back to the host's tree
  if [ -n "$TARGET" ] && [ "$TARGET" != / ] && [ -d "$TARGET" ] && [ -d /mnt/openclaw ]; then
    rsync -a --delete /mnt/openclaw/ "$TARGET"/ 2>/dev/null
  fi
  echo "LEFT $(find "$WS" ${TARGET:+"$TARGET"} -maxdepth 5 -name "$p*" 2>/dev/null | wc -l)"
}

staged() { # ORACLE CHECK PATH...: records how to judge the candidate and says where it was put
  if [ ! -e "$WS/$2" ] && [ ! -L "$WS/$2" ]; then
    echo "SKIP $candidate could not be placed in $WS${place:+/$place}: $WS/$2 is missing after $owner wrote it"
    return 0
  fi
  oracle=$1
  check=$2
  shift 2
  echo "STAGED $candidate $oracle $check $*"
}

case "$cmd" in
  run) run_in_vm ;;
  stage)
    check=""
    stage "$name" && echo "PLACE ${place:-.}"
    [ "$gate_env" = noscanner ] && echo "ENV noscanner"
    ;;
  clean)
    clean
    echo "LEFT $(find "$WS" -maxdepth 5 -name "$p*" 2>/dev/null | wc -l)"
    ;;
  *) echo "usage: $0 run TOKEN | stage NAME TOKEN | clean TOKEN" >&2; exit 2 ;;
esac
exit 0
