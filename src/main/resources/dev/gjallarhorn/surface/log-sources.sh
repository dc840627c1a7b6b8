#!/usr/bin/env bash
# Where the target writes logs, derived from its own configuration and its running processes. Run as root. Read-only.
# Prints: LOG <kind> <path> <how it was found>   JOURNAL <detail>
set -u
if command -v journalctl >/dev/null; then
  echo "JOURNAL $(journalctl --disk-usage 2>/dev/null | tr '\n' ' ')"
  for d in /var/log/journal /run/log/journal; do [ -d "$d" ] && echo "LOG journal-files $d journald's storage"; done
fi
[ -d /var/log ] && echo "LOG directory /var/log the system log directory"
# units that write their output to files
grep -h -o -E '^Standard(Output|Error)=(append|file|truncate):[^ ]+' /etc/systemd/system/*.service /lib/systemd/system/*.service \
  /usr/lib/systemd/system/*.service 2>/dev/null | sed -E 's/^[^:]+:(.*)$/\1/' | sort -u | while read -r p; do
  echo "LOG unit-output $p a unit's StandardOutput/StandardError"
done
# what logrotate rotates
cat /etc/logrotate.conf /etc/logrotate.d/* 2>/dev/null | grep -E '^[[:space:]]*/[^{]*\{?' | tr -d '{' | tr ' ' '\n' \
  | grep '^/' | sort -u | while read -r p; do echo "LOG logrotate $p a logrotate configuration"; done
# rsyslog's file actions
grep -h -o -E '[[:space:]]-?/var/[^[:space:];]+' /etc/rsyslog.conf /etc/rsyslog.d/*.conf 2>/dev/null | tr -d ' -' | sort -u | while read -r p; do
  echo "LOG rsyslog $p an rsyslog action"
done
# files running processes hold open for writing
for fd in /proc/[0-9]*/fd/*; do
  t=$(readlink "$fd" 2>/dev/null) || continue
  case "$t" in /*) ;; *) continue ;; esac
  case "$t" in /proc/*|/dev/*|/sys/*|/memfd:*|*" (deleted)") continue ;; esac
  [ -f "$t" ] || continue
  flags=$(awk '/^flags/ {print $2}' "/proc/${fd%/fd/*}/fdinfo/${fd##*/}" 2>/dev/null)
  [ -n "$flags" ] && [ $(( 0$flags & 3 )) -ne 0 ] && echo "OPEN $t"
done | sort -u | while read -r _ p; do
  case "$p" in *.log|*.log.*|*/log/*|*/logs/*|*.jsonl) echo "LOG open-for-writing $p a running process writes it" ;; esac
done
# OpenClaw's file log: its configured file, else its documented default directory
for cfg in /home/*/.openclaw/openclaw.json /root/.openclaw/openclaw.json; do
  [ -f "$cfg" ] || continue
  f=$(jq -r '.logging.file // empty' "$cfg" 2>/dev/null)
  [ -n "$f" ] && echo "LOG openclaw $f logging.file of $cfg"
done
echo "LOG openclaw /tmp/openclaw OpenClaw's default file log directory"
# where core dumps go
echo "CORE $(cat /proc/sys/kernel/core_pattern 2>/dev/null)"
[ -d /var/lib/systemd/coredump ] && echo "LOG core-dumps /var/lib/systemd/coredump systemd-coredump's storage"
command -v docker >/dev/null && echo "LOG container-logs $(docker info -f '{{.DockerRootDir}}' 2>/dev/null)/containers Docker's json-file logs"
exit 0
