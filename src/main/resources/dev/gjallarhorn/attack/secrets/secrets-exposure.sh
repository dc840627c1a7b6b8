#!/usr/bin/env bash
# Who can get at the secrets beyond the gateway's own environment, with the patterns of their values in PATTERNS
# (never printed; the file is removed at once). Run as root. Starts a stand-in in the gateway's service context
# when the gateway is not running, and stops it again.
# Every attempt has three outcomes: ok (it got through), denied <errno> (the refusal itself was seen: EACCES,
# EPERM or EROFS in the tool's own error), could-not-run <reason> (anything else: a missing user, an empty pid, a
# login shell that failed). An attempt that printed nothing is never "denied".
# Usage: secrets-exposure.sh TOKEN LOGIN_USER PATTERNS
# Prints: SERVICE <user>   FILE <mode> <owner:group>   ENVFILE <yes|no|could-not-run reason>
#         READ <who> <outcome>   WRITE <who> <outcome>
#         SHELL <who> <secret lines seen> | SHELL <who> could-not-run <reason>
#         ENVIRON <who> <ok|denied errno|no-secrets|could-not-run reason> <gateway|stand-in|->   (who: root first, as the control)
set -u
export LC_ALL=C
token=$1 login=$2
file=$BILROST_SECRETS_FILE
work=$(mktemp -d "/run/$token-exposure.XXXXXX"); chmod 0700 "$work"
trap 'rm -rf "$work"; timeout 15 systemctl stop "$token-gwctx.service" >/dev/null 2>&1' EXIT
mv "$3" "$work/patterns"
oneline() { head -2 "$1" | tr '\n' ' ' | cut -c1-200; }
# the outcome of a command whose error output is in $work/err and exit status in $1, on TARGET ($2, a path): a refusal
# only on a line naming TARGET; lines of runuser, su or sudo themselves (setting groups, PAM) are this probe's own
# failure, never the target refusing
outcome() {
  local said
  said=$(grep -vE '^(runuser|su|sudo):' "$work/err" | grep -F -- "$2")
  if [ "$1" = 0 ]; then echo ok
  elif grep -qE '^(runuser|su|sudo):' "$work/err"; then echo "could-not-run exit $1: $(oneline "$work/err")"
  elif printf '%s' "$said" | grep -q 'Permission denied'; then echo "denied EACCES"
  elif printf '%s' "$said" | grep -q 'Operation not permitted'; then echo "denied EPERM"
  elif printf '%s' "$said" | grep -q 'Read-only file system'; then echo "denied EROFS"
  else echo "could-not-run exit $1: $(oneline "$work/err")"
  fi
}
service=$(timeout 15 systemctl show -p User --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)
[ -n "$service" ] || service=$(stat -c %U /workspace 2>/dev/null)
echo "SERVICE ${service:--}"
echo "FILE $(stat -c '%a %U:%G' "$file" 2>/dev/null || echo 'missing -')"
# LoadState is always shown (EnvironmentFiles only when set): without it systemctl did not answer
shown=$(timeout 15 systemctl show -p LoadState -p EnvironmentFiles "$BILROST_GATEWAY_UNIT" 2>"$work/err"); rc=$?
if [ "$rc" != 0 ]; then echo "ENVFILE could-not-run systemctl show exited $rc: $(oneline "$work/err")"
elif ! printf '%s\n' "$shown" | grep -q '^LoadState='; then echo "ENVFILE could-not-run systemctl show printed no LoadState"
elif printf '%s\n' "$shown" | grep '^EnvironmentFiles=' | grep -qF -- "$file"; then echo "ENVFILE yes"
else echo "ENVFILE no"
fi
for who in ${service:+"$service"} nobody; do
  if ! id -u "$who" >/dev/null 2>&1; then
    echo "READ $who could-not-run no such user"; echo "WRITE $who could-not-run no such user"; continue
  fi
  timeout 15 runuser -u "$who" -- cat "$file" >/dev/null 2>"$work/err"; echo "READ $who $(outcome $? "$file")"
  # shellcheck disable=SC2016 # the inner sh's script: $1 is the file after it
  timeout 15 runuser -u "$who" -- sh -c ': >>"$1"' sh "$file" 2>"$work/err"; echo "WRITE $who $(outcome $? "$file")"
done
[ -n "$service" ] || { echo "READ - could-not-run the gateway's service identity is unknown"; echo "WRITE - could-not-run the gateway's service identity is unknown"; }

# lines of a file that hold a secret; empty when grep itself failed
count() { local n; n=$(grep -cF -f "$work/patterns" "$1" 2>/dev/null); [ "$?" -le 1 ] && echo "${n:-0}"; }
timeout 30 runuser -u "$login" -- bash -lic env >"$work/shell" 2>"$work/err" </dev/null; rc=$?
if [ "$rc" != 0 ]; then
  echo "SHELL $login could-not-run the login shell exited $rc: $(oneline "$work/err")"
elif ! grep -q '^HOME=' "$work/shell"; then
  echo "SHELL $login could-not-run the login shell printed no environment"
else
  n=$(count "$work/shell")
  [ -n "$n" ] && echo "SHELL $login $n" || echo "SHELL $login could-not-run grep could not read the shell's environment"
fi

pid=$(timeout 15 systemctl show -p MainPID --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)
source=gateway
if [ -z "$pid" ] || [ "$pid" = 0 ]; then
  source=stand-in
  pid=""
  if [ -z "$service" ]; then
    why="the gateway is not running and its service identity is unknown, so no stand-in could start"
  else
    groups=""
    getent group docker >/dev/null && groups="-p SupplementaryGroups=docker"
    # shellcheck disable=SC2086
    if timeout 30 systemd-run --quiet --unit "$token-gwctx" -p User="$service" $groups -p EnvironmentFile=-"$file" /bin/sleep 120 \
        >/dev/null 2>"$work/err"; then
      pid=$(timeout 15 systemctl show -p MainPID --value "$token-gwctx.service" 2>/dev/null)
      { [ -n "$pid" ] && [ "$pid" != 0 ]; } || { pid=""; why="the stand-in $token-gwctx.service has no main pid"; }
    else
      why="the stand-in could not start: $(oneline "$work/err")"
    fi
  fi
fi
for who in root "$login" nobody; do
  if [ -z "$pid" ]; then
    echo "ENVIRON $who could-not-run ${why:-no gateway pid} -"
    continue
  fi
  if [ "$who" = root ]; then cat "/proc/$pid/environ" >"$work/environ" 2>"$work/err"; rc=$?
  else timeout 15 runuser -u "$who" -- cat "/proc/$pid/environ" >"$work/environ" 2>"$work/err"; rc=$?; fi
  result=$(outcome "$rc" "/proc/$pid/environ")
  if [ "$result" = ok ]; then
    n=$(tr '\0' '\n' <"$work/environ" | grep -cF -f "$work/patterns")
    [ "${n:-0}" -gt 0 ] && result=ok || result=no-secrets
  fi
  echo "ENVIRON $who $result $source"
done
exit 0
