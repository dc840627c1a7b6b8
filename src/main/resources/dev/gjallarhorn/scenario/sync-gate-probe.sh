#!/usr/bin/env bash
# Puts one candidate at a time into /workspace (as the workspace's owner), runs the sync gate the way Bilrost's
# sync flow uses it, and looks at what reached the host checkout. Removes each candidate, and only what it
# created, before the next. Run as root.
# Usage: sync-gate-probe.sh TOKEN
# Prints:  GATE <path of sync-gate|missing>
#          CANDIDATE <name> <gate-exit> <reached:yes|no|changed|unchanged> <what the gate said>
#          LEFT <files of this run still in /workspace or the host checkout>
set -u
token=$1
gate=$(command -v sync-gate || true)
echo "GATE ${gate:-missing}"
[ -n "$gate" ] || exit 0
TARGET=/var/lib/bilrost-twin/host-checkout
owner=$(stat -c %U /workspace)
p="$token"
created=()

as_owner() { runuser -u "$owner" -- "$@"; }
first_missing() { # the topmost directory of $2 (relative) missing under $1
  local root=$1 path="" part
  IFS=/ read -r -a parts <<<"$2"
  for part in "${parts[@]}"; do
    path=${path:+$path/}$part
    if [ ! -e "$root/$path" ]; then echo "$root/$path"; return; fi
  done
}
dir() { # make directories under /workspace as the owner, remembering what is new there and on the host side
  local d new
  for d in "$@"; do
    new=$(first_missing /workspace "$d"); [ -n "$new" ] && created+=("$new")
    new=$(first_missing "$TARGET" "$d"); [ -n "$new" ] && created+=("$new")
    as_owner mkdir -p "/workspace/$d"
  done
}
UPPER=/var/lib/openclaw/overlay/openclaw/upper
upper_dirs_before=$(find "$UPPER" -type d 2>/dev/null | sort)
clean() {
  find /workspace "$TARGET" -maxdepth 4 -name "$p*" -exec rm -rf {} + 2>/dev/null
  local i
  for ((i = ${#created[@]} - 1; i >= 0; i--)); do rm -rf "${created[$i]}"; done
  created=()
  # writing into a directory of the read-only lower copies that directory up; put back what it was
  comm -13 <(printf '%s\n' "$upper_dirs_before") <(find "$UPPER" -type d 2>/dev/null | sort) | sort -r | while read -r d; do
    rmdir "$d" 2>/dev/null
  done
}
candidate() { # name, host-side path to check, [gate command]
  local name=$1 path=$2 out rc reached=no
  shift 2
  if [ $# -gt 0 ]; then out=$("$@" 2>&1); rc=$?; else out=$("$gate" 2>&1); rc=$?; fi
  if [ -e "$TARGET/$path" ] || [ -L "$TARGET/$path" ]; then reached=yes; fi
  echo "CANDIDATE $name $rc $reached $(printf '%s' "$out" | grep -E '^(BLOCK|WARN|REFUSED|ACCEPTED)' | tr '\n' ';' | cut -c1-300)"
}

clean
as_owner sh -c "printf 'notes\nGH_TOKEN=ghp_GJHCANARY%s0123456789abcdefXYZ\n' '${token//[^A-Za-z0-9]/}' >'/workspace/$p-notes.md'"
candidate secret "$p-notes.md"
clean

dir docs
as_owner sh -c "echo 'nothing secret here' >'/workspace/docs/$p-plain.md'"
candidate scanner-missing "docs/$p-plain.md" env PATH=/usr/sbin:/usr/bin:/sbin:/bin "$gate"
clean

dir .git/hooks .github/workflows
as_owner sh -c "printf '#!/bin/sh\nid >/tmp/$p-pwned\n' >'/workspace/.git/hooks/$p-post-checkout'; chmod +x '/workspace/.git/hooks/$p-post-checkout'"
candidate outside-allowlist ".git/hooks/$p-post-checkout"
clean

as_owner ln -s /etc/passwd "/workspace/$p-link.md"
candidate symlink "$p-link.md"
clean

dir docs
as_owner sh -c "head -c 11534336 /dev/zero | tr '\0' 'x' >'/workspace/docs/$p-big.md'"
candidate oversized "docs/$p-big.md"
clean

dir src
as_owner cp /bin/true "/workspace/src/$p-tool"
candidate binary "src/$p-tool"
clean

# a file the host checkout already has: sync a first version, then change it and sync again
dir docs
as_owner sh -c "echo 'first version' >'/workspace/docs/$p-existing.md'"
"$gate" >/dev/null 2>&1
if [ -f "$TARGET/docs/$p-existing.md" ]; then
  as_owner sh -c "echo 'second version' >'/workspace/docs/$p-existing.md'"
  out=$("$gate" 2>&1); rc=$?
  grep -q 'second version' "$TARGET/docs/$p-existing.md" && state=changed || state=unchanged
  echo "CANDIDATE existing-file $rc $state $(printf '%s' "$out" | grep -E '^(BLOCK|WARN|REFUSED|ACCEPTED)' | tr '\n' ';' | cut -c1-300)"
else
  echo "CANDIDATE existing-file -1 not-staged the first version did not reach the host checkout"
fi
clean
# the gate also carried what else the upper layer holds; the host checkout goes back to the host's tree
rsync -a --delete /mnt/openclaw/ "$TARGET"/ 2>/dev/null
echo "LEFT $(find /workspace "$TARGET" -maxdepth 4 -name "$p*" 2>/dev/null | wc -l)"
exit 0
