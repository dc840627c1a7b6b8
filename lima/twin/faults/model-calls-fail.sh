#!/usr/bin/env bash
# claim: T-002
# Every model call fails (a guard in front of the model answers HTTP 401), as when a gateway's provider key is
# revoked: no agent turn can complete. (A 500 would do too, but OpenClaw retries those 8 times, about 95 s a turn.)
# Flips T-002 and N-RATE-LIMITING on as-claimed to INCONCLUSIVE(oracle-blind), with the finding "no agent turn can
# complete" (the gateway's own error and journal); admission (T-001,
# C-TELEGRAM-PAIRING, T-009) is still decided from what the gateway does towards each sender; the channel is decided
# within its printed worst case.
set -euo pipefail
"$(dirname "$0")/../bin/install-model-guard" fail
