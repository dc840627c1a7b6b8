#!/usr/bin/env bash
# claim: C-SYNC-GATE
# The sync gate takes the tree's scanner configuration as the project's own: it syncs .gitleaks.toml and
# .gitleaksignore and scans with them. Flips the planted-configuration part of C-SYNC-GATE on as-claimed to
# CONTRADICTED.
set -euo pipefail
cat >>/etc/bilrost-twin/sync-gate.conf <<'EOF2'
TREE_SCANNER_CONFIG=use
ALLOWLIST="$ALLOWLIST .gitleaks.toml .gitleaksignore"
EOF2
