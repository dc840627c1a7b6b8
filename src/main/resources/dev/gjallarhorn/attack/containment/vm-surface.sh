#!/usr/bin/env bash
# What stands between the agent and the host: the kind of machine, who the service runs as and what that
# identity can become, and which keys may log in (what the shares expose is the shares probe's). Run as root. Read-only.
# Prints KEY value lines.
set -u
echo "virt $(systemd-detect-virt 2>/dev/null || echo unknown)"
echo "virt-container $(systemd-detect-virt --container 2>/dev/null || echo none)"
# shellcheck disable=SC2002 # through cat, a missing file gives an empty product, as it always has
echo "product $(cat /sys/class/dmi/id/product_name 2>/dev/null | tr ' ' '_' || echo unknown)"
grep -q '^flags.* hypervisor' /proc/cpuinfo && echo "cpu-hypervisor-flag yes" || echo "cpu-hypervisor-flag no"
service=$(bilrost_service_user)
echo "service-user ${service:-unknown}"
if [ -n "$service" ] && id "$service" >/dev/null 2>&1; then
  echo "service-groups $(id -Gn "$service" | tr ' ' ',')"
  runuser -u "$service" -- sudo -n true >/dev/null 2>&1 && echo "service-sudo passwordless" || echo "service-sudo no"
  runuser -u "$service" -- timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
    && echo "service-docker yes" || echo "service-docker no"
fi
login=${SUDO_USER:-}
if [ -n "$login" ]; then
  keys="$(getent passwd "$login" | cut -d: -f6)/.ssh/authorized_keys"
  echo "authorized-keys $(grep -cE '^(ssh|ecdsa|sk-)' "$keys" 2>/dev/null || echo 0)"
fi
exit 0
