#!/usr/bin/env bash
# Who can get at the secrets beyond the gateway's own environment, with the patterns of their values in PATTERNS
# (never printed; the file is removed at once). Run as root. Starts a stand-in in the gateway's service context
# when the gateway is not running, and stops it again.
# Usage: secrets-exposure.sh TOKEN LOGIN_USER PATTERNS
# Prints: FILE <mode> <owner:group>   ENVFILE <yes|no>   READ <who> <ok|denied>   WRITE <who> <ok|denied>
#         SHELL <who> <secrets seen>  ENVIRON <who> <ok|denied|no-secrets> <pid source>
set -u
token=$1 login=$2
file=/etc/openclaw/secrets.env
work=$(mktemp -d "/run/$token-exposure.XXXXXX"); chmod 0700 "$work"
trap 'rm -rf "$work"; systemctl stop "$token-gwctx.service" >/dev/null 2>&1' EXIT
mv "$3" "$work/patterns"
service=$(systemctl show -p User --value openclaw-gateway.service 2>/dev/null)
[ -n "$service" ] || service=$(stat -c %U /workspace)
echo "SERVICE $service"
echo "FILE $(stat -c '%a %U:%G' "$file" 2>/dev/null || echo 'missing -')"
systemctl show -p EnvironmentFiles openclaw-gateway.service 2>/dev/null | grep -q "$file" && echo "ENVFILE yes" || echo "ENVFILE no"
for who in "$service" nobody; do
  runuser -u "$who" -- cat "$file" >/dev/null 2>&1 && echo "READ $who ok" || echo "READ $who denied"
  runuser -u "$who" -- sh -c ": >>'$file'" 2>/dev/null && echo "WRITE $who ok" || echo "WRITE $who denied"
done
count() { grep -cF -f "$work/patterns" "$1" 2>/dev/null || echo 0; }
runuser -u "$login" -- bash -lic env >"$work/shell" 2>/dev/null </dev/null
echo "SHELL $login $(count "$work/shell")"
pid=$(systemctl show -p MainPID --value openclaw-gateway.service 2>/dev/null)
source=gateway
if [ -z "$pid" ] || [ "$pid" = 0 ]; then
  systemd-run --quiet --unit "$token-gwctx" -p User="$service" -p SupplementaryGroups=docker \
    -p EnvironmentFile=-"$file" /bin/sleep 120 >/dev/null 2>&1
  sleep 1
  pid=$(systemctl show -p MainPID --value "$token-gwctx.service")
  source=stand-in
fi
for who in "$login" nobody; do
  if runuser -u "$who" -- cat "/proc/$pid/environ" >"$work/environ" 2>/dev/null; then
    [ "$(tr '\0' '\n' <"$work/environ" | grep -cF -f "$work/patterns")" -gt 0 ] && echo "ENVIRON $who ok $source" || echo "ENVIRON $who no-secrets $source"
  else
    echo "ENVIRON $who denied $source"
  fi
done
exit 0
