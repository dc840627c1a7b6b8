#!/usr/bin/env bash
# claim: N-SECRETS-ROTATION
# A timer rotates the secrets, and they were rotated today. Flips N-SECRETS-ROTATION (and the rotation part of
# T-010) on as-claimed to STALE.
set -euo pipefail
cat >/etc/systemd/system/bilrost-rotate-secrets.service <<'UNIT'
[Unit]
Description=Rotate the secrets in /etc/openclaw/secrets.env
[Service]
Type=oneshot
ExecStart=/bin/true
UNIT
cat >/etc/systemd/system/bilrost-rotate-secrets.timer <<'UNIT'
[Unit]
Description=Rotate the secrets every 30 days
[Timer]
OnCalendar=monthly
[Install]
WantedBy=timers.target
UNIT
systemctl daemon-reload
systemctl enable --now bilrost-rotate-secrets.timer >/dev/null 2>&1
sed -i "s/^# Generated: .*/# Generated: $(date -u +%Y-%m-%dT%H:%M:%SZ)/" /etc/openclaw/secrets.env
touch /etc/openclaw/secrets.env
