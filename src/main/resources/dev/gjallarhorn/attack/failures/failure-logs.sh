#!/usr/bin/env bash
# After the agent channel's API failure phases: where the gateway and the system logged since SINCE (Unix seconds),
# searched as root for the patterns in PATTERNS (every secret value and its encodings, one per line; removed at
# once): the journal, OpenClaw's file logs, /var/log files written since. Each hit is printed with the line it is
# on, cut to 400 characters, for the harness to redact and to place in time (the journal's own timestamp, a JSONL
# log line's "time"); the line never leaves the harness unredacted.
#   SEARCHED <place> <what>   HIT <place> <where> <pattern-number> <line>
# Usage: failure-logs.sh TOKEN SINCE PATTERNS
set -u
token=$1 since=$2
work=$(mktemp -d "/run/$token-faillogs.XXXXXX")
chmod 0700 "$work"
trap 'rm -rf "$work"' EXIT
mv "$3" "$work/patterns"
[ -s "$work/patterns" ] || { echo "NOPATTERNS"; exit 0; }

hits() { # place, where, file
  local n=0 line
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    [ -n "$line" ] || continue
    grep -aF -- "$line" "$3" 2>/dev/null | head -n 3 | cut -c1-400 | tr -d '\r' | while IFS= read -r hit; do echo "HIT $1 $2 $n $hit"; done
  done <"$work/patterns"
}

journalctl --since "@$since" -o short-unix --no-pager >"$work/journal" 2>/dev/null
echo "SEARCHED journald the journal since @$since ($(wc -l <"$work/journal") lines)"
hits journald - "$work/journal"
# a path is one word of the SEARCHED and HIT lines: backslashes, blanks, tabs and newlines in it are written as
# /proc/mounts writes them (\134, \040, \011, \012), which the harness decodes; the file is read by its real name
word() {
  local w=${1//\\/\\134}
  w=${w// /\\040}
  w=${w//$'\t'/\\011}
  printf '%s' "${w//$'\n'/\\012}"
}
while IFS= read -r -d '' f; do
  w=$(word "$f")
  echo "SEARCHED tmp-openclaw $w"
  hits tmp-openclaw "$w" "$f"
done < <(find /tmp/openclaw /tmp/openclaw-* -type f -print0 2>/dev/null)
while IFS= read -r -d '' f; do
  w=$(word "$f")
  echo "SEARCHED var-log $w"
  hits var-log "$w" "$f"
done < <(find /var/log -type f -newermt "@$since" -not -path '/var/log/journal/*' -print0 2>/dev/null)
echo "SEARCH-END"
exit 0
