#!/usr/bin/env bash
# How old the secrets are and what on the target could rotate them. Run as root. Read-only.
# A rotation mechanism is a systemd timer or path unit, a cron or at job whose unit, crontab line or the script it
# runs names the secrets file (path or basename) or rotates, regenerates or revokes secrets, tokens or keys. A running
# service that does so is a CANDIDATE only (reading the file names it too): the harness watches the file's values
# for a change, waiting up to twice the shortest PERIOD the candidates suggest.
# Prints:
#   FILE present|missing <path>
#   GENERATED <iso-time>            the file's "# Generated:" header (absent: no such line)
#   MTIME <epoch>                   the file's modification time (absent: stat could not read it)
#   NOW <epoch>
#   SEARCHED <kind> <count>         how many timers / cron files were looked through
#   ROTATOR <kind> <where>: <line>  a timer, path unit, cron or at job that can rotate the secrets, with the line that says so
#   CANDIDATE service <where>: <line>  a running service whose unit or script names the secrets file or a rotation
#   PERIOD <seconds> <where>        a period a rotator or candidate suggests (sleep N, OnUnitActiveSec=, RestartSec=, ...)
#   UNREAD <kind> <why>             a kind of place, or one timer or cron file of it, that could not be looked through
#                                   (a systemctl call that failed; no timer listed on a systemd target; an unreadable file)
#   DONE                            the script ran to its end
set -u
file=$BILROST_SECRETS_FILE
base=${file##*/}
pattern="${base//./\\.}|rotate-secrets|secret-rotation|rotat[a-z]*[-_ ]+(the[-_ ]+)?(secrets?|tokens?|keys?|credentials?)\b|(regenerate|revoke|roll)[-_ ]+(the[-_ ]+)?(api[-_ ]?)?(secrets?|tokens?|keys?)\b"

# first line of a text file that names the secrets file or a rotation (EnvironmentFile= only loads it)
hit() {
  grep -I -v -E '^[[:space:]]*EnvironmentFile=' -- "$1" 2>/dev/null | grep -m1 -iE -- "$pattern" | tr -s '[:space:]' ' ' | cut -c1-200
}
# the files named on command lines (absolute paths), to look into the scripts a job runs
files_in() {
  grep -oE '(^|[[:space:]=])/[^[:space:];|&>"'"'"']+' | sed -E 's/^[[:space:]=]//' | sort -u |
    while read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done
}

if [ -e "$file" ]; then
  echo "FILE present $file"
  generated=$(grep -m1 -E '^# Generated:' "$file" 2>/dev/null | sed 's/^# Generated:[[:space:]]*//')
  [ -n "$generated" ] && echo "GENERATED $generated"
  mtime=$(stat -c %Y "$file" 2>/dev/null) && echo "MTIME $mtime"
else
  echo "FILE missing $file"
fi
echo "NOW $(date +%s)"

# the periods a unit or script suggests, in seconds: sleep N, Restart/OnUnitActive/OnActive/OnBootSec= N[s|min|h]
periods() {
  grep -ohiE -- '(\bsleep[[:space:]]+[0-9]+[smh]?\b|\b(RestartSec|OnUnitActiveSec|OnActiveSec|OnBootSec|OnStartupSec)=[[:space:]]*[0-9]+[[:space:]]*(s|sec|m|min|h)?\b)' "$@" 2>/dev/null |
    sed -E 's/^[^0-9]*//' | while read -r v; do
      n=${v%%[!0-9]*}; u=${v#"$n"}; u=$(printf '%s' "$u" | tr -d ' ')
      case "$u" in m|min) n=$((n * 60)) ;; h) n=$((n * 3600)) ;; esac
      [ "$n" -gt 0 ] && echo "$n"
    done
}
# the first line of a failed command's error output, or its exit status
why() { local first; first=$(printf '%s' "$2" | head -1 | cut -c1-200); printf 'exit %s%s' "$1" "${first:+: $first}"; }

if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  units=$(mktemp) && errs=$(mktemp) || units=""
  trap 'rm -f ${units:+"$units"} ${errs:+"$errs"}' EXIT
  if [ -z "$units" ]; then
    echo "UNREAD timers mktemp failed: no scratch file to read units into"
  elif timers=$(timeout 20 systemctl list-unit-files --type=timer --type=path --no-legend --no-pager 2>&1); then
    n=0
    for timer in $(printf '%s\n' "$timers" | awk '$1 ~ /\.(timer|path)$/ {print $1}'); do
      n=$((n + 1))
      # a unit left unread could be the rotator: each read that failed is an UNREAD line, never "no rotator there".
      # A masked timer has no Unit; its cat still prints that it is masked.
      service=$(timeout 10 systemctl show -p Unit --value "$timer" 2>"$errs"); rc=$?
      [ "$rc" = 0 ] || { echo "UNREAD timers $timer: systemctl show -p Unit failed ($(why "$rc" "$(cat "$errs")"))"; continue; }
      timeout 10 systemctl cat "$timer" ${service:+"$service"} >"$units" 2>"$errs"; rc=$?
      [ "$rc" = 0 ] || { echo "UNREAD timers $timer: systemctl cat failed ($(why "$rc" "$(cat "$errs")"))"; continue; }
      [ -s "$units" ] || { echo "UNREAD timers $timer: systemctl cat printed nothing"; continue; }
      found=$(hit "$units")
      where="$timer ($(timeout 10 systemctl is-enabled "$timer" 2>/dev/null || echo unknown)) -> ${service:-no service}"
      if [ -z "$found" ] && [ -n "$service" ]; then
        execs=$(timeout 10 systemctl show -p ExecStart -p ExecStartPre -p ExecStartPost --value "$service" 2>"$errs"); rc=$?
        [ "$rc" = 0 ] || { echo "UNREAD timers $timer: systemctl show -p ExecStart of $service failed ($(why "$rc" "$(cat "$errs")"))"; continue; }
        for exe in $(printf '%s\n' "$execs" | files_in); do
          found=$(hit "$exe")
          [ -n "$found" ] && { where="$where runs $exe"; break; }
        done
      fi
      if [ -n "$found" ]; then
        echo "ROTATOR timer $where: $found"
        for p in $(periods "$units"); do echo "PERIOD $p $timer"; done
      fi
    done
    if [ "$n" = 0 ]; then
      # every systemd system has timers of its own: none listed means systemctl did not show them
      echo "UNREAD timers systemctl list-unit-files listed no timer on a systemd target"
    else
      echo "SEARCHED timers $n"
    fi
  else
    echo "UNREAD timers systemctl list-unit-files failed: $(printf '%s' "$timers" | head -1)"
  fi
  # running services: a long-running renewer rotates with no timer; what names the file is a candidate, and the
  # harness's watch of the values decides
  if services=$(timeout 20 systemctl list-units --type=service --state=running --no-legend --no-pager --plain 2>&1); then
    n=0
    for service in $(printf '%s\n' "$services" | awk '$1 ~ /\.service$/ {print $1}'); do
      n=$((n + 1))
      timeout 10 systemctl cat "$service" >"$units" 2>"$errs" || { echo "UNREAD services $service: systemctl cat failed ($(why $? "$(cat "$errs")"))"; continue; }
      found=$(hit "$units"); where=$service; files="$units"
      execs=$(timeout 10 systemctl show -p ExecStart -p ExecStartPre -p ExecStartPost --value "$service" 2>/dev/null)
      for exe in $(printf '%s\n' "$execs" | files_in); do
        [ -n "$found" ] && break
        found=$(hit "$exe")
        [ -n "$found" ] && { where="$service runs $exe"; files="$units $exe"; }
      done
      if [ -n "$found" ]; then
        echo "CANDIDATE service $where: $found"
        # shellcheck disable=SC2086 # FILES is one or two paths, split at the blank between them
        for p in $(periods $files); do echo "PERIOD $p $service"; done
      fi
    done
    echo "SEARCHED services $n"
  else
    echo "UNREAD services systemctl list-units failed: $(printf '%s' "$services" | head -1)"
  fi
else
  echo "SEARCHED timers 0 (no systemd on this target)"
fi

n=0
for f in /etc/crontab /etc/anacrontab /etc/cron.d/* /etc/cron.hourly/* /etc/cron.daily/* /etc/cron.weekly/* /etc/cron.monthly/* \
         /var/spool/cron/crontabs/* /var/spool/cron/* /var/spool/cron/atjobs/* /var/spool/at/* /var/spool/atjobs/*; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  err=$(cat -- "$f" 2>&1 >/dev/null); rc=$?
  [ "$rc" = 0 ] || { echo "UNREAD cron $f: $(why "$rc" "$err")"; continue; }
  found=$(hit "$f")
  where=$f
  if [ -z "$found" ]; then
    for exe in $(grep -v -E '^[[:space:]]*(#|$)' "$f" 2>/dev/null | files_in); do
      [ "$exe" = "$f" ] && continue
      found=$(hit "$exe")
      [ -n "$found" ] && { where="$f runs $exe"; break; }
    done
  fi
  [ -n "$found" ] && echo "ROTATOR cron $where: $found"
done
echo "SEARCHED cron $n"
echo "DONE"
exit 0
