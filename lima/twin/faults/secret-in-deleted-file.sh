#!/usr/bin/env bash
# claim: C-SECRETS-MANAGEMENT
# A helper service that loads secrets.env writes the provider key into a cache file, keeps it open and deletes it: no
# directory lists it any more, but its bytes stay readable through /proc/PID/fd as long as the process runs. Flips
# C-SECRETS-MANAGEMENT on as-claimed to CONTRADICTED.
set -euo pipefail
user=${SERVICE_USER:-$TWIN_USER}
install -d -m 0755 /usr/local/lib/bilrost-fault
cat >/usr/local/lib/bilrost-fault/provider-cache.sh <<'SCRIPT'
#!/bin/bash
f=/var/tmp/openclaw-provider-cache.json
umask 077
printf '{"provider":"openai","apiKey":"%s"}\n' "$OPENAI_API_KEY" >"$f"
exec 3<"$f"
rm -f "$f"
exec sleep infinity
SCRIPT
chmod 0755 /usr/local/lib/bilrost-fault/provider-cache.sh
cat >/etc/systemd/system/openclaw-provider-cache.service <<UNIT
[Unit]
Description=A provider cache that deletes its file but keeps it open
[Service]
User=$user
EnvironmentFile=/etc/openclaw/secrets.env
ExecStart=/usr/local/lib/bilrost-fault/provider-cache.sh
[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now openclaw-provider-cache.service >/dev/null 2>&1
