#!/usr/bin/env bash
# claim: N-CENTRALIZED-LOGGING
# rsyslog forwards every message to a remote collector (the host the VM runs on, UDP 514). Flips
# N-CENTRALIZED-LOGGING (and the "no centralized logging" part of T-008) on as-claimed to STALE.
set -euo pipefail
gateway=$(ip -4 route show default | awk '{print $3; exit}')
echo "*.* @${gateway}:514" >/etc/rsyslog.d/90-remote.conf
systemctl restart rsyslog.service
