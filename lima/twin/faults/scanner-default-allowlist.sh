#!/usr/bin/env bash
# claim: C-SYNC-GATE
# The sync gate scans with the scanner's default configuration, whose path allowlist skips node_modules/, lock
# files, images and Go's vendor/. Flips the "where scanners look away by default" part of C-SYNC-GATE on as-claimed
# to CONTRADICTED.
set -euo pipefail
echo 'SCANNER_CONFIG=default' >>/etc/bilrost-twin/sync-gate.conf
