#!/usr/bin/env bash
# Writes through /workspace and straight into every host share, as the login user and as root, and (if allowed)
# after a read-only share has been remounted read-write by root. Run as root. Leaves its files for the harness to
# look at from the host side; `cleanup` removes them and puts every mount back as it was.
# Usage: shares-probe.sh write TOKEN LOGIN_USER ALLOW_REMOUNT(0|1) | shares-probe.sh cleanup TOKEN
# Prints:  SHARE <mount> <fstype> <ro|rw>
#          WRITE <mount> <as> <direct|after-remount> <exit> <visible|absent> <error>
#          REMOUNT <mount> <exit> <error>
#          OVERLAY <as> <exit> <written-sha> <upper-sha|missing> <lower:absent|present>
set -u
action=$1 token=$2
name=".$token"
UPPER=/var/lib/openclaw/overlay/openclaw/upper

shares() { findmnt -rn -o TARGET,FSTYPE,OPTIONS | awk '$1 ~ "^/mnt/" && $2 != "overlay"'; }

attempt() { # mount identity step
  local file="$1/$name-$2-$3" err rc
  if [ "$2" = root ]; then
    err=$(sh -c 'echo "$1" >"$2"' _ "$token" "$file" 2>&1); rc=$?
  else
    err=$(runuser -u "$2" -- sh -c 'echo "$1" >"$2"' _ "$token" "$file" 2>&1); rc=$?
  fi
  local seen=absent
  [ -e "$file" ] && seen=visible
  printf 'WRITE %s %s %s %s %s %s\n' "$1" "$2" "$3" "$rc" "$seen" "$(printf '%s' "$err" | tr '\n' ' ' | cut -c1-160)"
}

case "$action" in
  write)
    login=$3 allow_remount=$4
    while read -r mount fstype options; do
      mode=rw
      case ",$options," in *,ro,*) mode=ro ;; esac
      echo "SHARE $mount $fstype $mode"
      attempt "$mount" "$login" direct
      attempt "$mount" root direct
      if [ "$mode" = ro ] && [ "$allow_remount" = 1 ]; then
        err=$(mount -o remount,rw "$mount" 2>&1); rc=$?
        echo "REMOUNT $mount $rc $(printf '%s' "$err" | tr '\n' ' ' | cut -c1-160)"
        attempt "$mount" root after-remount
        [ "$rc" -eq 0 ] && mount -o remount,ro "$mount"
      fi
    done < <(shares)
    owner=$(stat -c %U /workspace 2>/dev/null)
    if [ -n "$owner" ] && findmnt -n /workspace >/dev/null; then
      content="gjallarhorn $token $(date +%s%N)"
      written=$(printf '%s' "$content" | sha256sum | cut -d' ' -f1)
      err=$(runuser -u "$owner" -- sh -c 'printf %s "$1" >"$2"' _ "$content" "/workspace/$name-overlay" 2>&1); rc=$?
      upper=missing
      [ -f "$UPPER/$name-overlay" ] && upper=$(sha256sum "$UPPER/$name-overlay" | cut -d' ' -f1)
      lower=absent
      [ -e "/mnt/openclaw/$name-overlay" ] && lower=present
      echo "OVERLAY $owner $rc $written $upper lower:$lower $(printf '%s' "$err" | tr '\n' ' ' | cut -c1-120)"
    fi
    ;;
  cleanup)
    # the share files go first, straight from the shares; only the overlay probe is removed through /workspace
    # (removing a file the lower holds through the overlay would leave a whiteout in the upper layer)
    while read -r mount fstype options; do
      rm -f "$mount"/"$name"-* 2>/dev/null
    done < <(shares)
    rm -f "/workspace/$name-overlay" 2>/dev/null
    left=$( (ls -d /workspace/"$name"-* "$UPPER"/"$name"-*; shares | while read -r m _; do ls -d "$m"/"$name"-*; done) 2>/dev/null | wc -l)
    echo "LEFT $left"
    ;;
esac
exit 0
