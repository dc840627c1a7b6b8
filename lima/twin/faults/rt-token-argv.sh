#!/usr/bin/env bash
# claim: T-010
# source: https://github.com/systemd/systemd/issues/13333
# A Telegram heartbeat helper is started with the bot token on its command line (ExecStart=... ${TELEGRAM_BOT_TOKEN},
# which systemd expands from the EnvironmentFile): /proc/<pid>/cmdline, and so `ps`, show the token to every local
# user. The token is no longer "env-only". Flips T-010 on as-claimed to CONTRADICTED.
set -euo pipefail
cat >/usr/local/bin/tg-heartbeat <<'SCRIPT'
#!/bin/sh
# usage: tg-heartbeat BOT_TOKEN -- keeps a heartbeat for the bot (the twin sends nothing anywhere)
while :; do sleep 3600; done
SCRIPT
chmod 0755 /usr/local/bin/tg-heartbeat
cat >/etc/systemd/system/tg-heartbeat.service <<'UNIT'
[Unit]
Description=Telegram bot heartbeat
After=network.target

[Service]
DynamicUser=yes
EnvironmentFile=/etc/openclaw/secrets.env
ExecStart=/usr/local/bin/tg-heartbeat ${TELEGRAM_BOT_TOKEN}
Restart=on-failure

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now tg-heartbeat.service >/dev/null 2>&1
