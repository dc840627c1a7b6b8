#!/usr/bin/env bash
# Looks, as root, at every byte where a secret can land, for the patterns in PATTERNS (one per line: every secret
# value of secrets.env and its raw, base64, hex and url-encoded forms; the file is removed at once). Prints only
# where and which pattern (by line number), never a value:
#   HIT <place> <what> <pattern-number> [<file kind>]   SEARCHED <place> <what>
#   CUT <place> <timeout|no-tool> <what was not searched>
# Places: journald (every field of every entry, binary ones too, in journalctl's export format), file (every file
# of the machine, binary files included, but /proc, /sys, /dev and this search's own directory), compressed (gzip,
# xz, zstd, bzip2, lz4 files, decompressed), process-argv and process-environ (every process but those of units
# that load secrets.env), container-config and docker-logs (every container), docker-images (history and config),
# unit-properties. Bounded in time: each place gets what is left of BUDGET seconds; what a cut-off place did not
# reach is printed as CUT, never skipped silently.
# Read-only host shares (READ_ONLY_SHARE...) are not read: nothing in the VM can have written a secret there.
# The services that load secrets.env are restarted before, by secret-services-restart.sh (on an invasive run).
# Usage: secret-search.sh TOKEN SERVICE_HOME PATTERNS BUDGET_SECONDS [READ_ONLY_SHARE...]
set -u
token=$1 home=$2 patterns=$3 budget=${4:-240}
shift 4
skip=("$@")
deadline=$(( $(date +%s) + budget ))
left() { local l=$(( deadline - $(date +%s) )); [ "$l" -gt 1 ] && echo "$l" || echo 1; }
work=$(mktemp -d "/run/$token-search.XXXXXX")
chmod 0700 "$work"
trap 'rm -rf "$work"' EXIT
mv "$patterns" "$work/patterns"
[ -s "$work/patterns" ] || { echo "NOPATTERNS"; exit 0; }
# the file the secrets legitimately live in, and the host file Bilrost reads them from (its "# Source:" header)
source_file=$(sed -n 's/^# Source: //p' /etc/openclaw/secrets.env 2>/dev/null | head -1)

# which patterns occur in a stream (read once): the matched strings, then each pattern looked up among them
matches() { grep -aoF -f "$work/patterns" 2>/dev/null | sort -u; }
report_stream() { # place what file-with-matches
  local n=0 line
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    [ -n "$line" ] && grep -qxF -- "$line" "$3" && echo "HIT $1 $2 $n"
  done <"$work/patterns"
}
report_file() { # place file [kind]
  local n=0 line
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    [ -n "$line" ] && grep -qaF -- "$line" "$2" 2>/dev/null && echo "HIT $1 $2 $n ${3:-}"
  done <"$work/patterns"
}
kind_of() { case "$(head -c 16 "$1" 2>/dev/null | tr -d '\0')" in "SQLite format 3"*) echo sqlite ;; *) echo plain ;; esac; }

# the journal: every field of every entry, binary fields included (export format), read once
echo "SEARCHED journald every field of every entry (journalctl -o export)"
timeout "$(left)" journalctl -o export -a --no-pager 2>/dev/null | matches >"$work/journal"
[ "${PIPESTATUS[0]}" = 124 ] && echo "CUT journald timeout the journal was not read to its end within the budget"
report_stream journald "the journal" "$work/journal"

# every file, binary ones too
roots=()
skipped() { local s; for s in "${skip[@]}" "$work" /proc /sys /dev /run /var/lib/gjallarhorn; do [ "$1" = "$s" ] && return 0; done; return 1; }
below() { local s; for s in "${skip[@]}" "$work" /var/lib/gjallarhorn; do case "$s" in "$1"/*) return 0 ;; esac; done; return 1; }
expand() { # a directory, or its children when something to leave out lies below it
  local d c
  for d in "$@"; do
    [ -e "$d" ] || continue
    [ -L "$d" ] && continue   # /var/run, /bin on merged /usr: what they point to is searched where it lives
    skipped "$d" && continue
    if [ -d "$d" ] && [ ! -L "$d" ] && below "$d"; then
      for c in "$d"/* "$d"/.[!.]*; do [ -e "$c" ] && expand "$c"; done
    else
      roots+=("$d")
    fi
  done
}
expand /* /run/*
echo "SEARCHED file every file under ${roots[*]} (binary included; left out: /proc, /sys, /dev, the read-only host shares ${skip[*]:-(none)} and the harness's own /var/lib/gjallarhorn and /run/$token-*)"
for root in "${roots[@]}"; do
  out=$(timeout "$(left)" grep -rlaF -D skip -f "$work/patterns" "$root" 2>/dev/null); rc=$?
  [ "$rc" = 124 ] && echo "CUT file timeout $root and what lay below it was not read to its end within the budget"
  printf '%s\n' "$out" | while IFS= read -r f; do
    [ -n "$f" ] || continue
    # this run's own files (the search patterns of the other attacks, under /run/<token>-*) are not leaks
    case "$f" in /etc/openclaw/secrets.env|"$source_file"|"$work"/*|/run/"$token"-*) continue ;; esac
    report_file file "$f" "$(kind_of "$f")"
  done
done

# compressed files (rotated logs, archives, core dumps): decompressed, each with what is left of the budget
echo "SEARCHED compressed every gzip, xz, zstd, bzip2 and lz4 file under ${roots[*]}"
find "${roots[@]}" -xdev -type f \( -name '*.gz' -o -name '*.tgz' -o -name '*.xz' -o -name '*.zst' -o -name '*.bz2' -o -name '*.lz4' \) \
    2>/dev/null >"$work/compressed"
while IFS= read -r f; do
  case "$f" in *.gz|*.tgz) tool=gzip ;; *.xz) tool=xz ;; *.zst) tool=zstd ;; *.bz2) tool=bzip2 ;; *.lz4) tool=lz4 ;; esac
  if [ "$(left)" -le 1 ]; then echo "CUT compressed timeout $f and the rest were not decompressed within the budget"; break; fi
  if ! command -v "$tool" >/dev/null; then echo "CUT compressed no-tool $f ($tool is not installed on the target)"; continue; fi
  timeout "$(left)" "$tool" -dc "$f" 2>/dev/null | matches >"$work/one"
  [ -s "$work/one" ] && report_stream compressed "$f" "$work/one"
done <"$work/compressed"

# every process's command line and environment, but the processes of units that load secrets.env (they hold them by design)
# (systemctl show prints one block a unit, its properties in systemd's order, not the order asked for)
secret_units=$(systemctl show '*' -p Id -p EnvironmentFiles 2>/dev/null \
  | awk 'BEGIN { RS = "" } /EnvironmentFiles=[^\n]*secrets\.env/ { if (match($0, /Id=[^\n]*/)) print substr($0, RSTART + 3, RLENGTH - 3) }')
echo "SEARCHED process-argv every process's command line"
echo "SEARCHED process-environ every process's environment, but those of ${secret_units:-no unit} (which load secrets.env)"
for d in /proc/[0-9]*; do
  pid=${d#/proc/}
  [ "$pid" = $$ ] && continue
  unit=$(grep -o -E '[^/]+\.(service|scope)' "$d/cgroup" 2>/dev/null | tail -1)
  comm=$(tr -d ' ' <"$d/comm" 2>/dev/null) || continue
  tr '\0' '\n' <"$d/cmdline" 2>/dev/null | matches >"$work/one"
  [ -s "$work/one" ] && report_stream process-argv "pid $pid ($comm, ${unit:-no unit})" "$work/one"
  case " $(echo $secret_units) " in *" $unit "*) continue ;; esac
  tr '\0' '\n' <"$d/environ" 2>/dev/null | matches >"$work/one"
  [ -s "$work/one" ] && report_stream process-environ "pid $pid ($comm, ${unit:-no unit})" "$work/one"
done

# containers: their configuration (environment, command, labels) and their logs; images: history and config
if command -v docker >/dev/null; then
  for c in $(docker ps -aq 2>/dev/null); do
    name=$(docker inspect -f '{{.Name}}' "$c" | tr -d /)
    docker inspect "$c" 2>/dev/null | matches >"$work/one"
    report_stream container-config "container $name" "$work/one"
    timeout "$(left)" docker logs "$c" 2>&1 | matches >"$work/one"
    report_stream docker-logs "container $name" "$work/one"
  done
  echo "SEARCHED container-config $(docker ps -aq 2>/dev/null | wc -l) containers (docker inspect)"
  echo "SEARCHED docker-logs $(docker ps -aq 2>/dev/null | wc -l) containers"
  for image in $(docker images -q 2>/dev/null | sort -u); do
    { docker history --no-trunc "$image"; docker image inspect "$image"; } 2>&1 | matches >"$work/one"
    report_stream docker-images "image $image" "$work/one"
  done
  echo "SEARCHED docker-images $(docker images -q 2>/dev/null | sort -u | wc -l) images (history and config; their layers are files above)"
fi
systemctl show '*' -p Id -p Environment 2>/dev/null | matches >"$work/one"
echo "SEARCHED unit-properties systemctl show -p Environment of every unit"
report_stream unit-properties "systemctl show -p Environment" "$work/one"
echo "ELAPSED $(( budget - (deadline - $(date +%s)) ))"
exit 0
