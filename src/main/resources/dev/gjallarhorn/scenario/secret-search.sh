#!/usr/bin/env bash
# Looks, as root, everywhere a secret could land, for the patterns in PATTERNS (one per line: every secret value
# of secrets.env and its common encodings; the file is removed at once). Prints only where and which pattern
# (by line number), never a value:  HIT <place> <what> <pattern-number>   SEARCHED <place> <what>
# Usage: secret-search.sh TOKEN SERVICE_HOME RESTART(0|1) PATTERNS
set -u
token=$1 home=$2 restart=$3
work=$(mktemp -d "/run/$token-search.XXXXXX")
chmod 0700 "$work"
trap 'rm -rf "$work"' EXIT
mv "$4" "$work/patterns"
[ -s "$work/patterns" ] || { echo "NOPATTERNS"; exit 0; }

if [ "$restart" = 1 ]; then
  # make the services that load the secrets start again and write what they write at start
  for unit in $(grep -ls 'secrets.env' /etc/systemd/system/*.service /lib/systemd/system/*.service 2>/dev/null | xargs -r -n1 basename); do
    if systemctl is-active -q "$unit" || systemctl is-enabled -q "$unit" 2>/dev/null; then
      systemctl restart "$unit" >/dev/null 2>&1 && echo "RESTARTED $unit"
    fi
  done
  sleep 2
fi

report() { # place, what, file with the text to check
  local n=0 line
  echo "SEARCHED $1 $2"
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    [ -n "$line" ] && grep -qF -- "$line" "$3" 2>/dev/null && echo "HIT $1 $2 $n"
  done <"$work/patterns"
}
report_files() { # place, then directories: every file holding a pattern, outside the secrets file itself
  local place=$1 f
  shift
  echo "SEARCHED $place $*"
  grep -rlIF -f "$work/patterns" "$@" 2>/dev/null | while IFS= read -r f; do
    case "$f" in /etc/openclaw/secrets.env|/mnt/secrets/.openclaw-secrets.env) continue ;; esac
    # the logs and the agent state have their own places (and their own claim, T-003)
    if [ "$place" = files-on-disk ]; then case "$f" in /tmp/openclaw/*|/var/log/*|"$home/.openclaw/"*) continue ;; esac; fi
    report "$place" "$f" "$f" | grep '^HIT'
  done
}

journalctl --no-pager -o cat >"$work/journal" 2>/dev/null
report journald "the journal" "$work/journal"
report_files var-log /var/log
report_files tmp-openclaw /tmp/openclaw
for c in $(docker ps -aq 2>/dev/null); do
  docker logs "$c" >"$work/docker-$c" 2>&1
  report docker-logs "container $(docker inspect -f '{{.Name}}' "$c" | tr -d /)" "$work/docker-$c"
done
echo "SEARCHED docker-logs $(docker ps -aq 2>/dev/null | wc -l) containers"
[ -d "$home/.openclaw" ] && { echo "SEARCHED agent-state $home/.openclaw"; grep -rlIF -f "$work/patterns" -R "$home/.openclaw" 2>/dev/null \
  | while IFS= read -r f; do report agent-state "$f" "$f" | grep '^HIT'; done; }
ps -eo args >"$work/argv" 2>/dev/null
report process-argv "ps -eo args" "$work/argv"
systemctl show '*' -p Id -p Environment >"$work/units" 2>/dev/null
report unit-properties "systemctl show -p Environment" "$work/units"
for image in $(docker images -q 2>/dev/null | sort -u); do
  { docker history --no-trunc "$image"; docker image inspect --format '{{json .Config.Env}}' "$image"; } >"$work/image-$image" 2>&1
  report docker-images "image $image" "$work/image-$image"
done
report_files files-on-disk /etc /home /root /opt /srv /usr/local /workspace /mnt /var/lib/openclaw /var/lib/bilrost-twin /var/tmp /tmp
exit 0
