#!/usr/bin/env bash
# ssh for one gjallarhorn run, first on the PATH of the sync gate it drives on the harness's host: the real ssh
# with the run's pinned host key. ssh keeps the first value it is given for an option, so these win over any
# StrictHostKeyChecking=no or UserKnownHostsFile=/dev/null the gate passes itself.
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091
. "$here/instance.env"
exec "$SSH" -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$here/known_hosts" -o GlobalKnownHostsFile=/dev/null \
  -o CheckHostIP=no -o UpdateHostKeys=no -o BatchMode=yes "$@"
