#!/usr/bin/env bash
# limactl, as far as Bilrost's scripts use it, for one gjallarhorn run: the one instance it knows is the run's
# target, reached over ssh with its host key pinned. Runs on the harness's host (installed there by gjallarhorn as
# bin/limactl of a per-run directory; instance.env beside bin/ says NAME, CONFIG and SSH; list.json and
# show-ssh.config hold the answers, written in real limactl's shapes). Real limactl's behaviour, per command
# (lima-vm/lima cmd/limactl/list.go, show-ssh.go, shell.go):
#   limactl list|ls --json|--format=json [NAME ...]   one compact JSON object per line; a NAME that is no instance:
#                                                     a warning on stderr and exit 1 (what matched is still printed)
#   limactl list|ls --format '{{.SSHConfigFile}}' [NAME]   the instance's ssh.config path
#   limactl show-ssh --format=config NAME             the ssh config (stdout); the deprecation warning (stderr)
#   limactl shell [--workdir DIR] NAME [--] CMD ...   over ssh: cd to this host's working directory or home (or
#                                                     DIR), then CMD through the login shell; exits with CMD's status
# Anything else is refused with exit 1.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/instance.env"
sub=${1:-}
shift || true
warn() { printf 'time="%s" level=warning msg="%s"\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" >&2; }
fatal() { printf 'time="%s" level=fatal msg="%s"\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" >&2; exit 1; }
no_instance() { fatal "instance \\\"$1\\\" does not exist, run \`limactl create $1\` to create a new instance"; }

case "$sub" in
  list | ls)
    format=table names=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --json) format=json ;;
        --format=* | -f=*) format=${1#*=} ;;
        --format | -f) format=${2:-}; shift ;;
        -*) fatal "limactl (gjallarhorn shim): list $1 is not provided" ;;
        *) names+=("$1") ;;
      esac
      shift
    done
    case "$format" in
      json | '{{.SSHConfigFile}}') ;;
      *) fatal "limactl (gjallarhorn shim): list --format $format is not provided; only json and '{{.SSHConfigFile}}'" ;;
    esac
    unmatched=0 matched=0
    [ ${#names[@]} -eq 0 ] && matched=1
    for n in ${names[@]+"${names[@]}"}; do
      if [ "$n" = "$NAME" ]; then matched=1; else warn "No instance matching $n found."; unmatched=1; fi
    done
    if [ "$matched" -eq 1 ]; then
      if [ "$format" = json ]; then cat "$here/list.json"; else printf '%s\n' "$CONFIG"; fi
    fi
    exit "$unmatched"
    ;;
  show-ssh)
    format=cmd names=()
    while [ $# -gt 0 ]; do
      case "$1" in
        --format=* | -f=*) format=${1#*=} ;;
        --format | -f) format=${2:-}; shift ;;
        -*) fatal "limactl (gjallarhorn shim): show-ssh $1 is not provided" ;;
        *) names+=("$1") ;;
      esac
      shift
    done
    [ ${#names[@]} -eq 1 ] || fatal "accepts 1 arg(s), received ${#names[@]}"
    [ "${names[0]}" = "$NAME" ] || no_instance "${names[0]}"
    [ "$format" = config ] || fatal "limactl (gjallarhorn shim): show-ssh --format=$format is not provided; only config"
    warn "\`limactl show-ssh\` is deprecated. Instead, use \`ssh -F $CONFIG lima-$NAME\`."
    cat "$here/show-ssh.config"
    ;;
  shell)
    workdir=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --workdir=*) workdir=${1#*=} ;;
        --workdir) workdir=${2:-}; shift ;;
        --tty=* | --reconnect | --preserve-env) ;;
        -*) fatal "limactl (gjallarhorn shim): shell $1 is not provided" ;;
        *) break ;;
      esac
      shift
    done
    [ $# -ge 1 ] || fatal "requires at least 1 arg(s), only received 0"
    [ "$1" = "$NAME" ] || no_instance "$1"
    shift
    [ "${1:-}" = -- ] && shift
    # as Lima builds it: the change of directory, then the user's login shell running the quoted command
    if [ -n "$workdir" ]; then
      script="cd $(printf '%q' "$workdir") || exit 1"
    else
      script="cd $(printf '%q' "$PWD") || cd $(printf '%q' "${HOME:-/}")"
    fi
    # shellcheck disable=SC2016 # $SHELL is the login shell of the user on the other side, expanded there
    script+=' ; exec "$SHELL" --login'
    if [ $# -gt 0 ]; then
      command=""
      for a in "$@"; do command+="${command:+ }$(printf '%q' "$a")"; done
      script+=" -c $(printf '%q' "$command")"
    fi
    exec "$here/bin/ssh" -F "$CONFIG" -o LogLevel=ERROR "lima-$NAME" -- "$script"
    ;;
  *)
    fatal "limactl (gjallarhorn shim): '$sub' is not provided; only list, shell and show-ssh"
    ;;
esac
