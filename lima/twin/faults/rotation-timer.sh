#!/usr/bin/env bash
# claim: N-SECRETS-ROTATION
# A nightly timer runs a maintenance script that writes new values into /etc/openclaw/secrets.env; neither unit
# says "secret" or "rotate", only the script does what it does. The file's header stays as provisioned and the
# timer does not fire during a run. Flips N-SECRETS-ROTATION (and the rotation part of T-010) on as-claimed to STALE.
set -euo pipefail
install -d -m 0755 /usr/local/sbin
cat >/usr/local/sbin/bilrost-nightly <<'SCRIPT'
#!/bin/sh
# nightly upkeep: a fresh GitHub token for the gateway
set -eu
new=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
sed -i "s/^GH_TOKEN=.*/GH_TOKEN=ghp_$new/" /etc/openclaw/secrets.env
systemctl try-restart openclaw-gateway.service
SCRIPT
chmod 0755 /usr/local/sbin/bilrost-nightly
cat >/etc/systemd/system/bilrost-nightly.service <<'UNIT'
[Unit]
Description=Nightly upkeep
[Service]
Type=oneshot
ExecStart=/usr/local/sbin/bilrost-nightly
UNIT
cat >/etc/systemd/system/bilrost-nightly.timer <<'UNIT'
[Unit]
Description=Nightly upkeep
[Timer]
OnCalendar=*-*-* 03:17:00
[Install]
WantedBy=timers.target
UNIT
systemctl daemon-reload
systemctl enable --now bilrost-nightly.timer >/dev/null 2>&1
