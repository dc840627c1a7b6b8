#!/usr/bin/env bash
# claim: T-003
# A service that loads secrets.env prints a secret into journald at every start, as a debug line might.
# Flips T-003 on as-claimed to CONTRADICTED; the echoed
# secret is the bot token, so the env-only part of T-010 flips with it.
set -euo pipefail
cat >/etc/systemd/system/bilrost-debug.service <<'UNIT'
[Unit]
Description=A chatty helper that logs its configuration
[Service]
Type=oneshot
EnvironmentFile=-/etc/openclaw/secrets.env
ExecStart=/bin/sh -c 'echo "debug: telegram configured with $TELEGRAM_BOT_TOKEN"'
[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now bilrost-debug.service >/dev/null 2>&1
