#!/usr/bin/env bash
# ssh for one gjallarhorn run, first on the PATH of the sync gate it drives on the harness's host: the real ssh
# with the run's pinned host key. ssh keeps the first value it is given for an option, so these win over any
# StrictHostKeyChecking=no, UserKnownHostsFile=/dev/null or NoHostAuthenticationForLocalhost=yes the gate passes
# or reads from Lima's config; no control master is started, so none outlives the gate.
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/instance.env"
exec "$SSH" -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$here/known_hosts" -o GlobalKnownHostsFile=/dev/null \
  -o NoHostAuthenticationForLocalhost=no -o CheckHostIP=no -o UpdateHostKeys=no -o BatchMode=yes \
  -o ControlMaster=no -o ControlPath=none "$@"
