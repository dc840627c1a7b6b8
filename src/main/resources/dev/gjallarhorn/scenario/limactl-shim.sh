#!/usr/bin/env bash
# limactl, as far as Bilrost's scripts/sync-gate.sh uses it, for one gjallarhorn run: the one instance it knows
# is the run's target, reached over ssh with its host key pinned. Runs on the harness's host (installed there by
# gjallarhorn as bin/limactl of a per-run directory; instance.env beside bin/ says NAME, CONFIG and SSH).
#   limactl list|ls [--json] [NAME]          one JSON object per line, as Lima prints it
#   limactl shell NAME -- CMD [ARG ...]      CMD over ssh as the login user
#   limactl show-ssh --format=config NAME    the ssh config (Host lima-NAME)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/instance.env"
sub=${1:-}
shift || true
args=()
for a in "$@"; do
  case "$a" in --json | --format=json | --tty=false | --format=config | --workdir=* ) ;; *) args+=("$a") ;; esac
done
instance_only() {
  if [ -n "${1:-}" ] && [ "$1" != "$NAME" ]; then
    echo "limactl (gjallarhorn shim): no instance '$1'; this run's instance is $NAME" >&2
    exit 1
  fi
}
case "$sub" in
  list | ls)
    instance_only "${args[0]:-}"
    printf '{"name":"%s","status":"Running","dir":"%s","arch":"x86_64","sshConfigFile":"%s"}\n' "$NAME" "$here" "$CONFIG"
    ;;
  show-ssh)
    instance_only "${args[0]:-}"
    cat "$CONFIG"
    ;;
  shell)
    instance_only "${args[0]:-}"
    rest=("${args[@]:1}")
    [ "${rest[0]:-}" = -- ] && rest=("${rest[@]:1}")
    command=""
    for a in "${rest[@]}"; do command+=" $(printf '%q' "$a")"; done
    exec "$here/bin/ssh" -F "$CONFIG" "lima-$NAME" "${command:-exec \$SHELL -l}"
    ;;
  *)
    echo "limactl (gjallarhorn shim): '$sub' is not provided; only list, shell and show-ssh" >&2
    exit 1
    ;;
esac
