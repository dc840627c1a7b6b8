#!/usr/bin/env bash
# Does anything ship the VM's logs elsewhere? Journal upload, remote syslog targets, known log shippers.
# Sends one marker message through syslog (MARKER), which a canary may see. Run as root. Read-only otherwise.
# Usage: log-shipping.sh TOKEN
set -u
token=$1
if systemctl is-enabled -q systemd-journal-upload.service 2>/dev/null || systemctl is-active -q systemd-journal-upload.service 2>/dev/null; then
  echo "FORWARDER journal-upload $(grep -hE '^[[:space:]]*URL=' /etc/systemd/journal-upload.conf /etc/systemd/journal-upload.conf.d/*.conf 2>/dev/null | head -1)"
fi
grep -hsE '^[^#]*[[:space:]]@@?[^[:space:]]+' /etc/rsyslog.conf /etc/rsyslog.d/*.conf 2>/dev/null | while read -r rule; do
  echo "FORWARDER rsyslog $rule"
done
grep -hsE '^[^#]*(target|Target)=' /etc/rsyslog.conf /etc/rsyslog.d/*.conf 2>/dev/null | while read -r rule; do
  echo "FORWARDER rsyslog-action $rule"
done
for unit in vector fluent-bit td-agent-bit promtail filebeat journalbeat otelcol otelcol-contrib datadog-agent; do
  systemctl is-active -q "$unit.service" 2>/dev/null && echo "FORWARDER $unit running"
done
echo "RETENTION $(grep -hsE '^SystemMaxUse=' /etc/systemd/journald.conf /etc/systemd/journald.conf.d/*.conf | tail -1)"
logger -t gjallarhorn "$token-marker"
echo "MARKER $token-marker"
exit 0
