#!/usr/bin/env bash
# claim: T-009
# The gateway's config, which holds the Telegram allowlist, is kept writable by every local user: a systemd path unit
# puts `chmod 666 ~/.openclaw/openclaw.json` (and `chmod o+x ~/.openclaw`) back each time the file changes, so that
# the login user can edit it without sudo. OpenClaw 2026.9.6 puts its state database back to 0700/0600 on every
# open and will not start when it cannot, so its pairing store stays private; it writes its config anew (0600) after
# a migration, but never hardens it otherwise, and hot-reloads channels.telegram.allowFrom. Any user on the VM can
# then admit a sender without a code. Flips T-009's "no identity but the gateway's own can write a sender into its
# pairing store or allowlist" on as-claimed to CONTRADICTED (nobody and the login user each admit a sender).
set -euo pipefail
home=$(getent passwd "${SERVICE_USER:?}" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
cat >/etc/systemd/system/openclaw-config-open.service <<EOF2
[Unit]
Description=Keep the OpenClaw config editable by everyone

[Service]
Type=oneshot
ExecStart=/bin/chmod 0666 $config
ExecStart=/bin/chmod o+x $home/.openclaw
EOF2
cat >/etc/systemd/system/openclaw-config-open.path <<EOF2
[Unit]
Description=Keep the OpenClaw config editable by everyone

[Path]
PathChanged=$config

[Install]
WantedBy=multi-user.target
EOF2
# and after each start of the gateway: its first start's `openclaw doctor --fix` tightens both
install -d /etc/systemd/system/openclaw-gateway.service.d
printf '[Service]\nExecStartPost=+/bin/chmod 0666 %s\nExecStartPost=+/bin/chmod o+x %s\n' "$config" "$home/.openclaw" \
  >/etc/systemd/system/openclaw-gateway.service.d/config-open.conf
systemctl daemon-reload 2>/dev/null || true
systemctl enable openclaw-config-open.path >/dev/null 2>&1 || true
systemctl start openclaw-config-open.path 2>/dev/null || true
