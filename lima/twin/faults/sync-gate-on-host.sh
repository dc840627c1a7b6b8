#!/usr/bin/env bash
# claim: C-SYNC-GATE
# The twin's sync gate lives on the host, as Bilrost's does (scripts/sync-gate.sh): there is none in the VM.
# Flips C-SYNC-GATE on as-claimed to INCONCLUSIVE(precondition-unmet) without -Dgjallarhorn.syncGate.script;
# with it pointing at lima/twin/host/scripts/sync-gate.sh, the gate is driven from the harness's host.
set -euo pipefail
rm -f /usr/local/bin/sync-gate
