#!/usr/bin/env bash
# Says what the target is, as key=value lines, and which marks of a Bilrost sandbox it carries. Read-only.
set -u
# shellcheck source=/dev/null # the target's own file, not one of the harness
. /etc/os-release 2>/dev/null
echo "os=${PRETTY_NAME:-unknown}"
echo "kernel=$(uname -r)"
echo "virt=$(systemd-detect-virt 2>/dev/null || echo unknown)"
echo "user=$(id -un)"
echo "groups=$(id -Gn | tr ' ' ',')"
sudo -n true 2>/dev/null && echo "sudo=passwordless" || echo "sudo=no"
# The gateway's version, from the package.json of the openclaw package its unit starts (or openclaw --version).
gateway_version() {
  local token dir
  # shellcheck disable=SC2020 # both blank and ; end a word of ExecStart
  for token in $(systemctl show -p ExecStart --value "$BILROST_GATEWAY_UNIT" 2>/dev/null | tr ' ;' '\n\n' | grep '^/'); do
    dir=$token
    for _ in 1 2 3 4; do
      dir=$(dirname "$dir")
      if grep -qs '"name": *"openclaw"' "$dir/package.json"; then
        sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$dir/package.json" | head -n 1
        return
      fi
    done
  done
  command -v openclaw >/dev/null 2>&1 && timeout 5 openclaw --version 2>/dev/null | head -n 1
}
gateway=$(gateway_version)
[ -n "$gateway" ] && echo "gateway=openclaw $gateway"
[ -d /etc/openclaw ] && echo "mark=/etc/openclaw"
[ "$(findmnt -no FSTYPE /workspace 2>/dev/null)" = overlay ] && echo "mark=/workspace overlay"
systemctl cat "$BILROST_GATEWAY_UNIT" >/dev/null 2>&1 && echo "mark=openclaw-gateway.service"
grep -qs '^OPENCLAW_SANDBOX=true' /etc/environment && echo "mark=OPENCLAW_SANDBOX=true"
exit 0
