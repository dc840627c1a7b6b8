#!/usr/bin/env bash
# claim: N-CONTAINER-NETWORK-ISOLATION
# source: https://github.com/captainzero93/security_harden_linux/issues/10
# A hardening profile sets net.ipv4.ip_forward = 0 (in /etc/sysctl.d and applied now): the sandbox still uses bridge
# networking, but nothing from a container is routed out of the VM any more ("WARNING: IPv4 forwarding is disabled").
# Flips N-CONTAINER-NETWORK-ISOLATION ("agents can make outbound calls from inside their containers") on as-claimed
# to STALE.
set -euo pipefail
install -d /etc/sysctl.d
printf '# CIS-style hardening\nnet.ipv4.ip_forward = 0\n' >/etc/sysctl.d/90-hardening.conf
if ! sysctl -q -w net.ipv4.ip_forward=0 2>/dev/null; then
  # a container twin's /proc/sys is read-only; net.* is per network namespace, so this changes the twin's only
  mount -o remount,bind,rw /proc/sys
  echo 0 >/proc/sys/net/ipv4/ip_forward
  mount -o remount,bind,ro /proc/sys
fi
[ "$(cat /proc/sys/net/ipv4/ip_forward)" = 0 ] || { echo "forwarding is still on" >&2; exit 1; }
