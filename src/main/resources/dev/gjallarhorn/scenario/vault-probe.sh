#!/usr/bin/env bash
# Reads one note of the Obsidian vault through the paths the agent and others have, as those identities.
# Run as root. Read-only. Prints: NOTE <path relative to the vault>   READ <who> <path> <same|denied|missing|differs>
set -u
vault=/mnt/obsidian
[ -d "$vault" ] || { echo "NOVAULT"; exit 0; }
note=$(cd "$vault" && find . -type f -name '*.md' 2>/dev/null | sort | head -1)
[ -n "$note" ] || { echo "NONOTE"; exit 0; }
note=${note#./}
echo "NOTE $note"
reference=$(sha256sum <"$vault/$note" | cut -d' ' -f1)
service=$(systemctl show -p User --value openclaw-gateway.service 2>/dev/null)
[ -n "$service" ] || service=$(stat -c %U /workspace)
echo "SERVICE $service"
for who in "$service" nobody; do
  for path in "/workspace-obsidian/$note" "$vault/$note"; do
    if [ ! -e "$path" ]; then echo "READ $who $path missing"; continue; fi
    seen=$(runuser -u "$who" -- cat "$path" 2>/dev/null | sha256sum | cut -d' ' -f1)
    if runuser -u "$who" -- test -r "$path"; then
      [ "$seen" = "$reference" ] && echo "READ $who $path same" || echo "READ $who $path differs"
    else
      echo "READ $who $path denied"
    fi
  done
done
exit 0
