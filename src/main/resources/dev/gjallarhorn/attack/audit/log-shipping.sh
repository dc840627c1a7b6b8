#!/usr/bin/env bash
# Does anything ship the VM's logs elsewhere? Journal upload, remote syslog targets, known log shippers.
# Sends one marker message through syslog (MARKER), which a canary may see. Run as root. Read-only otherwise.
# Usage: log-shipping.sh TOKEN
# Prints FORWARDER <kind> <detail> per forwarder found, NOCHECK <what> <why> for a place it could not check,
# RETENTION <journald's SystemMaxUse= line, if any>, MARKER <text>, and CHECKED last: without it the check did not
# run to its end, and "no FORWARDER line" means nothing.
set -u
token=$1
# systemctl answering at all: a unit "not active" from a systemctl that cannot reach systemd would read as "none"
if [ -z "$(systemctl show -p Version --value 2>/dev/null)" ]; then
  echo "NOCHECK units systemctl gets no answer from systemd"
else
  if systemctl is-enabled -q systemd-journal-upload.service 2>/dev/null || systemctl is-active -q systemd-journal-upload.service 2>/dev/null; then
    echo "FORWARDER journal-upload $(grep -hE '^[[:space:]]*URL=' /etc/systemd/journal-upload.conf /etc/systemd/journal-upload.conf.d/*.conf 2>/dev/null | head -1)"
  fi
  for unit in vector fluent-bit td-agent-bit promtail filebeat journalbeat otelcol otelcol-contrib datadog-agent; do
    systemctl is-active -q "$unit.service" 2>/dev/null && echo "FORWARDER $unit running"
  done
fi
for conf in /etc/rsyslog.conf /etc/rsyslog.d/*.conf; do
  [ -e "$conf" ] || continue
  [ -r "$conf" ] || { echo "NOCHECK rsyslog $conf cannot be read"; continue; }
  grep -hE '^[^#]*[[:space:]]@@?[^[:space:]]+' "$conf" | while read -r rule; do echo "FORWARDER rsyslog $rule"; done
  grep -hE '^[^#]*(target|Target)=' "$conf" | while read -r rule; do echo "FORWARDER rsyslog-action $rule"; done
done
echo "RETENTION $(grep -hsE '^SystemMaxUse=' /etc/systemd/journald.conf /etc/systemd/journald.conf.d/*.conf | tail -1)"
logger -t gjallarhorn "$token-marker" && echo "MARKER $token-marker"
echo "CHECKED"
exit 0
