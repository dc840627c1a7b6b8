#!/usr/bin/env bash
# The packet filter of both address families, from every tool that can show it. Run as root. Read-only.
# Prints sections:  @@@ <name> <exit-status>  followed by the tool's output (missing tool: exit 127, no output).
set -u
section() { # name, command...
  local name=$1 out rc
  shift
  if ! command -v "$1" >/dev/null 2>&1 && [ "$1" != cat ]; then echo "@@@ $name 127"; return; fi
  out=$("$@" 2>&1); rc=$?
  echo "@@@ $name $rc"
  printf '%s\n' "$out"
}
section iptables-save iptables-save
section ip6tables-save ip6tables-save
section nft-json nft -j list ruleset
[ -f /etc/ufw/user.rules ] && section ufw-user.rules cat /etc/ufw/user.rules
[ -f /etc/ufw/user6.rules ] && section ufw-user6.rules cat /etc/ufw/user6.rules
section ufw-status ufw status verbose
echo "@@@ ipv6 0"
for f in /proc/sys/net/ipv6/conf/*/disable_ipv6; do
  [ -r "$f" ] || continue
  i=${f%/disable_ipv6}; i=${i##*/}
  echo "disable_ipv6 $i $(cat "$f")"
done
exit 0
