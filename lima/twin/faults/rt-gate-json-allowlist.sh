#!/usr/bin/env bash
# claim: C-SYNC-GATE
# source: https://github.com/microsoft/vscode/issues/309406
# The gate's path allowlist gains "*.json" (so config changes can sync). A shell pattern's * also matches "/" and
# leading dots, so .vscode/tasks.json (a task with runOn: folderOpen runs when the operator opens the checkout) and
# .devcontainer/devcontainer.json pass. Flips the path-allowlist part of C-SYNC-GATE on as-claimed to CONTRADICTED.
set -euo pipefail
# shellcheck disable=SC2016 # a line of the gate's config: its $ALLOWLIST is expanded when the gate reads it
echo 'ALLOWLIST="$ALLOWLIST *.json"' >>/etc/bilrost-twin/sync-gate.conf
