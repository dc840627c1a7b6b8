#!/usr/bin/env bash
# claim: N-CENTRALIZED-LOGGING
# source: https://github.com/openclaw/openclaw/issues/29838
# Alerting on the audit log exists: a systemd path unit follows overlay-watcher.log and, for every new line that
# touches a git hook, a CI workflow, an env file or the agent config, mails an alert to root (/var/mail/root). The
# claim says there is no alerting. Flips N-CENTRALIZED-LOGGING on as-claimed to STALE.
set -euo pipefail
cat >/usr/local/sbin/overlay-audit-alert <<'SCRIPT'
#!/bin/sh
# Alerts on sensitive writes recorded by the overlay watcher. Remembers how far it has read.
set -u
log=/var/log/openclaw/overlay-watcher.log
state=/var/lib/overlay-audit-alert/offset
mkdir -p /var/lib/overlay-audit-alert
[ -r "$log" ] || exit 0
size=$(stat -c %s "$log")
seen=$(cat "$state" 2>/dev/null || echo 0)
[ "$seen" -gt "$size" ] && seen=0
hits=$(tail -c +"$((seen + 1))" "$log" | grep -E '/\.git/hooks/|/\.github/workflows/|\.env( |$)|openclaw\.json' || true)
echo "$size" >"$state"
[ -n "$hits" ] || exit 0
{
  printf 'From overlay-audit-alert %s\n' "$(date -u '+%a %b %e %T %Y')"
  printf 'From: overlay-audit-alert@%s\nTo: root\nSubject: [ALERT] sensitive write in the OpenClaw overlay\n\n' "$(hostname)"
  printf '%s\n\n' "$hits"
} >>/var/mail/root
SCRIPT
chmod 0755 /usr/local/sbin/overlay-audit-alert
install -d -m 2775 -g mail /var/mail
cat >/etc/systemd/system/overlay-audit-alert.service <<'UNIT'
[Unit]
Description=Alert on sensitive writes in the overlay audit log
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/overlay-audit-alert
UNIT
cat >/etc/systemd/system/overlay-audit-alert.path <<'UNIT'
[Unit]
Description=Watch the overlay audit log for alerts
[Path]
PathModified=/var/log/openclaw/overlay-watcher.log
[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now overlay-audit-alert.path >/dev/null 2>&1
