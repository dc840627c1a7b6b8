#!/usr/bin/env bash
# The packet filter of both address families, from every tool that can show it. Run as root. Read-only.
# Prints sections:  @@@ <name> <exit-status>  followed by the tool's output (missing tool: exit 127, no output;
# a tool that ran into its bound: exit 124).
# The ipv6 section says whether the target has IPv6 at all:
#   inet6 <interface> <scope-hex>     one line per address in /proc/net/if_inet6
#   if_inet6 read|missing             whether /proc/net/if_inet6 could be read (missing: a kernel without IPv6)
#   disable_ipv6 <interface> <0|1>    per interface, from /proc/sys/net/ipv6/conf
set -u
bound=30
section() { # name, command...
  local name=$1 out rc
  shift
  if ! command -v "$1" >/dev/null 2>&1; then echo "@@@ $name 127"; return; fi
  out=$(timeout "$bound" "$@" 2>&1); rc=$?
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
if [ -r /proc/net/if_inet6 ]; then
  while read -r _ _ _ scope _ ifname; do
    [ -n "${ifname:-}" ] && echo "inet6 $ifname $scope"
  done </proc/net/if_inet6
  echo "if_inet6 read"
else
  echo "if_inet6 missing"
fi
for f in /proc/sys/net/ipv6/conf/*/disable_ipv6; do
  [ -r "$f" ] || continue
  i=${f%/disable_ipv6}; i=${i##*/}
  echo "disable_ipv6 $i $(cat "$f")"
done
exit 0
