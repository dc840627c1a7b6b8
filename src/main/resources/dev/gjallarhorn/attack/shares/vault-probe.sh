#!/usr/bin/env bash
# Reads one note of the Obsidian vault through the paths the agent and others have, as those identities.
# Run as root. Read-only.
# Usage: vault-probe.sh VAULT VIEW
#   VAULT  the vault share (the lower layer of the vault's overlay, from the mount table)
#   VIEW   where the agent sees it (the overlay's mount point)
# Prints NOVAULT <vault> | NONOTE <vault> | NOCHECK <why> when there is nothing to read or it cannot look, else
# NOTE <path relative to the vault>, SERVICE <user> <unit|workspace-owner>, and per identity and path
# READ <who> <path> same|differs|denied|missing|could-not-run <why>. Paths are printed with octal escapes for
# space, tab and backslash, as /proc/mounts writes them.
set -u
vault=$1 view=$2
enc() { printf '%s' "$1" | sed 's/\\/\\134/g; s/ /\\040/g; s/\t/\\011/g'; }
oneline() { printf '%s' "$1" | tr '\n' ' '; }
[ -d "$vault" ] || { echo "NOVAULT $(enc "$vault")"; exit 0; }
notes=$(cd "$vault" && find . -type f -name '*.md' -print 2>/dev/null); rc=$?
note=$(printf '%s\n' "$notes" | grep -v '^$' | sort | head -1)
if [ -z "$note" ]; then
  if [ "$rc" -ne 0 ]; then echo "NOCHECK the vault could not be listed (find exit $rc)"; else echo "NONOTE $(enc "$vault")"; fi
  exit 0
fi
note=${note#./}
echo "NOTE $(enc "$note")"
reference=$(sha256sum <"$vault/$note" 2>/dev/null) || { echo "NOCHECK the note could not be read as root"; exit 0; }
reference=${reference%% *}
service=$(systemctl show -p User --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)
if [ "$(systemctl show -p LoadState --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)" = loaded ]; then
  echo "SERVICE ${service:-root} unit"; service=${service:-root}
else
  service=$(stat -c %U /workspace 2>/dev/null)
  [ -n "$service" ] || { echo "NOCHECK no gateway unit and no /workspace to take the service identity from"; exit 0; }
  echo "SERVICE $service workspace-owner"
fi
for who in "$service" nobody; do
  for path in "$view/$note" "$vault/$note"; do
    shown=$(enc "$path")
    if ! id -u "$who" >/dev/null 2>&1; then echo "READ $who $shown could-not-run no such user"; continue; fi
    if [ ! -e "$path" ]; then echo "READ $who $shown missing"; continue; fi
    # a refusal is sha256sum's own error on a line naming the path; a line of runuser, su or sudo themselves
    # (setting groups, PAM) is this probe's failure, never the target refusing
    out=$(runuser -u "$who" -- sha256sum -- "$path" 2>&1); rc=$?
    if [ "$rc" -eq 0 ]; then
      seen=${out%% *}; seen=${seen#\\}
      if [ "$seen" = "$reference" ]; then echo "READ $who $shown same"; else echo "READ $who $shown differs"; fi
    elif printf '%s\n' "$out" | grep -qE '^(runuser|su|sudo):'; then echo "READ $who $shown could-not-run exit $rc: $(oneline "$out")"
    elif printf '%s\n' "$out" | grep -F -- "$path" | grep -qi 'permission denied'; then echo "READ $who $shown denied"
    elif printf '%s' "$out" | grep -qi 'no such file'; then echo "READ $who $shown missing"
    else echo "READ $who $shown could-not-run exit $rc: $(oneline "$out")"; fi
  done
done
exit 0
