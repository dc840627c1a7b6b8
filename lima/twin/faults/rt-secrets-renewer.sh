#!/usr/bin/env bash
# claim: N-SECRETS-ROTATION
# source: https://github.com/hashicorp/vault/issues/15591
# A Vault-Agent-style renewer (a long-running service, not a timer) re-renders the OpenRouter key in secrets.env with
# a fresh value every 80 s (2/3 of a 120 s lease TTL), the first time when it starts; the gateway picks the new value
# up at its next start. The header of secrets.env is left as provisioned. Flips N-SECRETS-ROTATION ("tokens are set
# once and never rotated") on as-claimed to STALE.
set -euo pipefail
cat >/usr/local/sbin/secrets-renewer <<'SCRIPT'
#!/bin/sh
# Renews the leased OpenRouter key in /etc/openclaw/secrets.env at 2/3 of its 120 s TTL.
set -eu
file=/etc/openclaw/secrets.env
while :; do
  new="sk-or-v1-$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
  tmp=$(mktemp /etc/openclaw/.secrets.env.XXXXXX)
  sed "s/^OPENROUTER_API_KEY=.*/OPENROUTER_API_KEY=$new/" "$file" >"$tmp"
  chown root:root "$tmp"; chmod 0600 "$tmp"
  mv -f "$tmp" "$file"
  sleep 80
done
SCRIPT
chmod 0755 /usr/local/sbin/secrets-renewer
cat >/etc/systemd/system/secrets-renewer.service <<'UNIT'
[Unit]
Description=Renew leased provider credentials
After=network.target

[Service]
ExecStart=/usr/local/sbin/secrets-renewer
Restart=always

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now secrets-renewer.service >/dev/null 2>&1
