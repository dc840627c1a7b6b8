#!/usr/bin/env bash
# claim: N-RATE-LIMITING
# A rate limiter in front of the model: at most 3 requests a minute reach it, the rest get 429. Flips
# N-RATE-LIMITING and T-002 on as-claimed to STALE.
set -euo pipefail
"$(dirname "$0")/../bin/install-model-guard" limit 3
