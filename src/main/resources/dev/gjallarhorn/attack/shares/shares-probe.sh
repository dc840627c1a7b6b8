#!/usr/bin/env bash
# Writes through /workspace and straight into every host share the harness names (derived from the mount table),
# as the login user and as root, and (if allowed) as root after remounting a read-only share read-write. Every
# remount is undone in the same step and verified: `mount -o remount,ro` first, `mount -o remount,bind,ro` where
# that fails (a bind mount of a writable filesystem is "busy" for the former). Also lists what each share exposes
# of a host home. Run as root. Leaves only its direct writes, for the harness to look at from the host side;
# `cleanup` removes them.
# Usage: shares-probe.sh write TOKEN LOGIN_USER ALLOW_REMOUNT(0|1) MOUNT...  |  shares-probe.sh cleanup TOKEN MOUNT...
# Prints:  SHARE <index> <mount> <fstype> <ro|rw>
#          WRITE <mount> <as> <direct|after-remount> <exit> <visible|absent> <error>
#          REMOUNT <mount> <exit> <error>
#          RESTORE <mount> <unchanged|remount-ro|remount-bind-ro|FAILED> <detail>
#          HOME <mount> <marks,...|-> <entries>
#          OVERLAY <as> <exit> <written-sha> <upper-sha|missing> <lower:absent|present>
set -u
action=$1 token=$2
name=".$token"
UPPER=$BILROST_OVERLAY_UPPER
# what a home directory holds that a VM must never see: keys, shell history, cloud and cluster credentials
MARKS=".ssh .gnupg .aws .azure .kube .docker .netrc .zsh_history .bash_history .gitconfig .config/gcloud Library Documents Desktop"

mode_of() { case ",$(findmnt -no VFS-OPTIONS --target "$1" 2>/dev/null | head -1),$(findmnt -no FS-OPTIONS --target "$1" 2>/dev/null | head -1)," in
  *,ro,*) echo ro ;; *) echo rw ;; esac; }
oneline() { printf '%s' "$1" | tr '\n' ' ' | cut -c1-160; }

# a path as one word of the output: backslash, space and tab as octal escapes (\134, \040, \011), as /proc/mounts
# writes them; the harness decodes them (ScriptOutput.Line.word)
word() { printf '%s' "$1" | sed 's/\\/\\134/g; s/ /\\040/g; s/\t/\\011/g'; }

# shellcheck disable=SC2016 # the inner sh's script: $1 and $2 are the arguments after _
attempt() { # mount index identity step
  local file="$1/$name-m$2-$3-$4" err rc seen=absent
  if [ "$3" = root ]; then
    err=$(sh -c 'echo "$1" >"$2"' _ "$token" "$file" 2>&1); rc=$?
  else
    err=$(runuser -u "$3" -- sh -c 'echo "$1" >"$2"' _ "$token" "$file" 2>&1); rc=$?
  fi
  [ -e "$file" ] && seen=visible
  printf 'WRITE %s %s %s %s %s %s\n' "$(word "$1")" "$3" "$4" "$rc" "$seen" "$(oneline "$err")"
}

restore() { # mount: make it read-only again and prove it; report loudly if it cannot be done
  local m=$1 err
  if [ "$(mode_of "$m")" = ro ]; then echo "RESTORE $(word "$m") unchanged still read-only"; return; fi
  err=$(mount -o remount,ro "$m" 2>&1)
  if [ "$(mode_of "$m")" = ro ]; then echo "RESTORE $(word "$m") remount-ro read-only again"; return; fi
  err2=$(mount -o remount,bind,ro "$m" 2>&1)
  if [ "$(mode_of "$m")" = ro ]; then echo "RESTORE $(word "$m") remount-bind-ro read-only again (remount,ro said: $(oneline "$err"))"; return; fi
  echo "RESTORE $(word "$m") FAILED still read-write: remount,ro: $(oneline "$err"); remount,bind,ro: $(oneline "$err2")"
}

case "$action" in
  write)
    login=$3 allow_remount=$4
    shift 4
    i=0
    for mount in "$@"; do
      i=$((i + 1))
      [ -d "$mount" ] || { echo "SHARE $i $mount missing -"; continue; }
      mode=$(mode_of "$mount")
      echo "SHARE $i $mount $(findmnt -no FSTYPE --target "$mount" | head -1) $mode"
      marks=""
      for m in $MARKS; do
        [ -e "$mount/$m" ] && marks="$marks,$m"
        for sub in "$mount"/*/"$m"; do [ -e "$sub" ] && marks="$marks,${sub#"$mount"/}"; done
      done
      marks=${marks#,}
      # shellcheck disable=SC2012 # only a count of the entries
      echo "HOME $(word "$mount") ${marks:--} $(ls -A "$mount" 2>/dev/null | wc -l)"
      attempt "$mount" "$i" "$login" direct
      attempt "$mount" "$i" root direct
      if [ "$mode" = ro ] && [ "$allow_remount" = 1 ]; then
        err=$(mount -o remount,rw "$mount" 2>&1); rc=$?
        echo "REMOUNT $(word "$mount") $rc $(oneline "$err")"
        attempt "$mount" "$i" root after-remount
        rm -f "$mount/$name-m$i-root-after-remount" 2>/dev/null
        restore "$mount"
      fi
    done
    owner=$(stat -c %U /workspace 2>/dev/null)
    if [ -n "$owner" ] && findmnt -n /workspace >/dev/null; then
      content="gjallarhorn $token $(date +%s%N)"
      written=$(printf '%s' "$content" | sha256sum | cut -d' ' -f1)
      # shellcheck disable=SC2016 # the inner sh's script: $1 and $2 are the arguments after _
      err=$(runuser -u "$owner" -- sh -c 'printf %s "$1" >"$2"' _ "$content" "/workspace/$name-overlay" 2>&1); rc=$?
      upper=missing
      [ -f "$UPPER/$name-overlay" ] && upper=$(sha256sum "$UPPER/$name-overlay" | cut -d' ' -f1)
      lower=absent
      lowerdir=$(findmnt -no FS-OPTIONS /workspace | tr ',' '\n' | sed -n 's/^lowerdir=//p' | head -1)
      [ -e "${lowerdir:-/mnt/openclaw}/$name-overlay" ] && lower=present
      echo "OVERLAY $owner $rc $written $upper lower:$lower $(oneline "$err")"
    fi
    ;;
  cleanup)
    shift 2
    # the share files go first, straight from the shares; only the overlay probe is removed through /workspace
    # (removing a file the lower holds through the overlay would leave a whiteout in the upper layer)
    for mount in "$@"; do rm -f "$mount"/"$name"-* 2>/dev/null; done
    rm -f "/workspace/$name-overlay" 2>/dev/null
    left=$( (ls -d /workspace/"$name"-* "$UPPER"/"$name"-*; for m in "$@"; do ls -d "$m"/"$name"-*; done) 2>/dev/null | wc -l)
    echo "LEFT $left"
    ;;
esac
exit 0
