#!/usr/bin/env bash
# How old the secrets are and whether anything rotates them. Run as root. Read-only.
# Prints: GENERATED <iso-time|none>  MTIME <epoch>  NOW <epoch>  ROTATOR <where> <what>
set -u
file=/etc/openclaw/secrets.env
echo "GENERATED $(grep -m1 -E '^# Generated:' "$file" 2>/dev/null | sed 's/^# Generated:[[:space:]]*//' || true)"
echo "MTIME $(stat -c %Y "$file" 2>/dev/null || echo 0)"
echo "NOW $(date +%s)"
for unit in $(systemctl list-unit-files --type=timer --no-legend 2>/dev/null | awk '{print $1}'); do
  service=$(systemctl show -p Unit --value "$unit" 2>/dev/null)
  if systemctl cat "$unit" "$service" 2>/dev/null | grep -qiE 'secrets\.env|rotate-secrets|secret-rotation'; then
    echo "ROTATOR timer $unit ($(systemctl is-enabled "$unit" 2>/dev/null))"
  fi
done
grep -lsiE 'secrets\.env|rotat.*(secret|token)' /etc/crontab /etc/cron.d/* /var/spool/cron/crontabs/* 2>/dev/null | sed 's/^/ROTATOR cron /'
exit 0
