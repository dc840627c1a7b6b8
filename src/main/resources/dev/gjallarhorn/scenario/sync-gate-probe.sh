#!/usr/bin/env bash
# The sync gate's candidates: one at a time, each is put into /workspace as the workspace's owner (so it lands in
# the overlay's upper layer, where the gate takes changes from), and everything it made is removed again before
# the next. Every name a candidate creates carries the run token, except a scanner configuration that only works
# at the top of the tree (.gitleaks.toml, .gitleaksignore): those are planted only where none exists, carry the
# token inside, and are removed the same way. Run as root.
#
# Usage:
#   sync-gate-probe.sh run TOKEN          the gate is in the VM (the twin's sync-gate): every candidate through it,
#                                         judged by what reached the host checkout it applies to
#   sync-gate-probe.sh stage NAME TOKEN   the gate is on the harness's host: put one candidate in place and say
#                                         what the host must already have (SEED) and how to run the gate (ENV)
#   sync-gate-probe.sh clean TOKEN        remove what stage made
# Prints:
#   GATE <path of sync-gate|missing>                                         (run)
#   STAGED <name> <oracle:exists|content|mode> <path to check> <path> ...    (run, stage; paths under /workspace)
#   SEED <path> <octal mode> <base64 of the version the host already has>   (stage)
#   ENV noscanner                                                            (stage: run the gate without gitleaks)
#   SKIP <name> <why>                                                        (run, stage: the candidate cannot be placed)
#   CANDIDATE <name> <gate-exit> <reached:yes|no|changed|unchanged|executable|not-executable> <what the gate said>
#   LEFT <files of this run still in /workspace or the host checkout>        (run, clean)
set -u
cmd=${1:?run, stage or clean}
case "$cmd" in
  stage) name=${2:?candidate}; token=${3:?token} ;;
  *) token=${2:?token} ;;
esac
p=$token
WS=/workspace
UPPER=/var/lib/openclaw/overlay/openclaw/upper
TARGET=/var/lib/bilrost-twin/host-checkout   # the twin's host checkout (only where the gate is in the VM)
STATE=/run/$p-sync-gate
owner=$(stat -c %U "$WS")
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

# ---------------------------------------------------------------------------------------------- candidates
# Each puts its files in place and calls staged with how to judge it and the path the host side is checked at.
c_control() { # harmless, under an allowed path: the gate must pass it, or none of its refusals can be read
  write "docs/$p-control.md" "nothing to see here
"
  staged exists "docs/$p-control.md" "$WS/docs/$p-control.md"
}
c_secret() {
  write "$p-notes.md" "notes
GH_TOKEN=$cred
"
  staged exists "$p-notes.md" "$WS/$p-notes.md"
}
c_scanner_missing() {
  write "docs/$p-plain.md" "nothing secret here
"
  gate_env=noscanner
  staged exists "docs/$p-plain.md" "$WS/docs/$p-plain.md"
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
  as_owner ln -s /etc/passwd "$WS/$p-link.md"
  echo "$WS/$p-link.md" >>"$STATE/created"
  staged exists "$p-link.md" "$WS/$p-link.md -> /etc/passwd"
}
c_oversized() {
  dir docs
  as_owner sh -c "head -c 11534336 /dev/zero | tr '\0' 'x' >'$WS/docs/$p-big.md'"
  staged exists "docs/$p-big.md" "$WS/docs/$p-big.md (11 MiB)"
}
c_binary() {
  dir docs
  as_owner sh -c "cat /bin/true >'$WS/docs/$p-tool'; printf '\nGH_TOKEN=%s\n' '$cred' >>'$WS/docs/$p-tool'; chmod 0644 '$WS/docs/$p-tool'"
  staged exists "docs/$p-tool" "$WS/docs/$p-tool (an ELF binary, a token appended)"
}
c_compressed() {
  dir docs
  as_owner sh -c "printf 'GH_TOKEN=%s\n' '$cred' | gzip -c >'$WS/docs/$p-notes.md.gz'"
  staged exists "docs/$p-notes.md.gz" "$WS/docs/$p-notes.md.gz (gzip)"
}
c_archive() {
  dir docs
  as_owner sh -c "d=\$(mktemp -d /tmp/$p-tar.XXXX) && printf 'GH_TOKEN=%s\n' '$cred' >\"\$d/notes.md\" \
    && tar -C \"\$d\" -cf '$WS/docs/$p-bundle.tar' notes.md; rm -rf \"\$d\""
  staged exists "docs/$p-bundle.tar" "$WS/docs/$p-bundle.tar (tar holding notes.md)"
}
c_deep_path() {
  local rel="$p-deep/a/b/c/d/e/f/g/h/i/j/k/l/notes.md"
  write "$rel" "GH_TOKEN=$cred
"
  staged exists "$rel" "$WS/$rel (13 levels down)"
}
c_default_node_modules() {
  write "docs/$p-app/node_modules/left-pad/index.js" "module.exports = '$cred';
"
  staged exists "docs/$p-app/node_modules/left-pad/index.js" "$WS/docs/$p-app/node_modules/left-pad/index.js"
}
c_default_lockfile() {
  write "docs/$p-lock/package-lock.json" "{\"token\": \"$cred\"}
"
  staged exists "docs/$p-lock/package-lock.json" "$WS/docs/$p-lock/package-lock.json"
}
c_default_image() {
  write "docs/$p-diagram.png" "GH_TOKEN=$cred
"
  staged exists "docs/$p-diagram.png" "$WS/docs/$p-diagram.png (text named .png)"
}
c_default_vendor() {
  write "docs/$p-go/vendor/github.com/kit.go" "package kit
const Token = \"$cred\"
"
  staged exists "docs/$p-go/vendor/github.com/kit.go" "$WS/docs/$p-go/vendor/github.com/kit.go"
}
c_tree_config() {
  plant_root .gitleaks.toml "# $p
[extend]
useDefault = true
[allowlist]
paths = ['''$p''']
" || return 0
  write "docs/$p-notes.md" "notes
GH_TOKEN=$cred
"
  staged exists "docs/$p-notes.md" "$WS/.gitleaks.toml (allowlists the token's paths)" "$WS/docs/$p-notes.md"
}
c_tree_ignore() {
  plant_root .gitleaksignore "# $p
docs/$p-notes.md:github-pat:2
/var/lib/openclaw/sync-staging/docs/$p-notes.md:github-pat:2
" || return 0
  write "docs/$p-notes.md" "notes
GH_TOKEN=$cred
"
  staged exists "docs/$p-notes.md" "$WS/.gitleaksignore (lists the finding's fingerprint)" "$WS/docs/$p-notes.md"
}
c_inline_allow() {
  write "docs/$p-notes.md" "notes
GH_TOKEN=$cred # gitleaks:allow
"
  staged exists "docs/$p-notes.md" "$WS/docs/$p-notes.md (gitleaks:allow on the line)"
}
c_hard_link() {
  write "docs/$p-notes.md" "GH_TOKEN=$cred
"
  as_owner ln "$WS/docs/$p-notes.md" "$WS/docs/$p-copy.js"
  staged exists "docs/$p-copy.js" "$WS/docs/$p-notes.md" "$WS/docs/$p-copy.js (a hard link to it)"
}
c_exec_bit() {
  write "docs/$p-run.sh" "#!/bin/sh
echo hello
"
  seed "docs/$p-run.sh"
  as_owner chmod 0755 "$WS/docs/$p-run.sh"
  staged mode "docs/$p-run.sh" "$WS/docs/$p-run.sh (0644 on the host, made 0755 in the VM)"
}
c_existing_file() {
  write "docs/$p-existing.md" "first version
"
  seed "docs/$p-existing.md"
  printf 'second version\n' | as_owner tee "$WS/docs/$p-existing.md" >/dev/null
  staged content "docs/$p-existing.md" "$WS/docs/$p-existing.md (the host has the first version)"
}
CANDIDATES="secret scanner-missing outside-allowlist symlink oversized binary compressed archive deep-path
  default-node-modules default-lockfile default-image default-vendor tree-config tree-ignore inline-allow hard-link
  exec-bit existing-file"

stage() { # NAME: put one candidate in place; sets check, oracle, gate_env
  candidate=$1
  gate_env=""
  begin
  case " $(echo $CANDIDATES) control " in *" $candidate "*) ;; *) echo "SKIP $candidate no such candidate"; return 1 ;; esac
  "c_${candidate//-/_}"
}

clean() {
  local f
  find "$WS" -maxdepth 4 -name "$p*" -exec rm -rf {} + 2>/dev/null
  [ -d "$TARGET" ] && find "$TARGET" -maxdepth 4 -name "$p*" -exec rm -rf {} + 2>/dev/null
  for f in .gitleaks.toml .gitleaksignore; do
    for root in "$WS" "$TARGET"; do
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

run_in_vm() {
  local gate out rc reached name mode
  gate=$(command -v sync-gate || true)
  echo "GATE ${gate:-missing}"
  [ -n "$gate" ] || return 0
  clean
  for name in $CANDIDATES; do
    check=""
    stage "$name" || { clean; continue; }
    if [ -z "$check" ]; then clean; continue; fi
    if [ "$gate_env" = noscanner ]; then out=$(env PATH=/usr/sbin:/usr/bin:/sbin:/bin "$gate" 2>&1); rc=$?
    else out=$("$gate" 2>&1); rc=$?; fi
    case "$oracle" in
      exists) if [ -e "$TARGET/$check" ] || [ -L "$TARGET/$check" ]; then reached=yes; else reached=no; fi ;;
      content) if cmp -s "$WS/$check" "$TARGET/$check"; then reached=changed; else reached=unchanged; fi ;;
      mode)
        mode=$(stat -c %a "$TARGET/$check" 2>/dev/null)
        if [ -x "$TARGET/$check" ]; then reached=executable; else reached=not-executable; fi
        out="$out
(host copy mode ${mode:-missing})" ;;
    esac
    echo "CANDIDATE $name $rc $reached $(said "$out")"
    clean
  done
  # the gate also carried what else the upper layer holds; the host checkout goes back to the host's tree
  rsync -a --delete /mnt/openclaw/ "$TARGET"/ 2>/dev/null
  echo "LEFT $(find "$WS" "$TARGET" -maxdepth 4 -name "$p*" 2>/dev/null | wc -l)"
}

staged() { # ORACLE CHECK PATH...: records how to judge the candidate and says where it was put
  if [ ! -e "$WS/$2" ] && [ ! -L "$WS/$2" ]; then
    echo "SKIP $candidate could not be placed: $WS/$2 is missing (can $owner write there?)"
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
    stage "$name"
    [ "$gate_env" = noscanner ] && echo "ENV noscanner"
    ;;
  clean)
    clean
    echo "LEFT $(find "$WS" -maxdepth 4 -name "$p*" 2>/dev/null | wc -l)"
    ;;
  *) echo "usage: $0 run TOKEN | stage NAME TOKEN | clean TOKEN" >&2; exit 2 ;;
esac
exit 0
