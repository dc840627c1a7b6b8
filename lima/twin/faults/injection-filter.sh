#!/usr/bin/env bash
# claim: N-PROMPT-INJECTION-DEFENSE
# An input filter in front of the model withholds user messages that look like prompt injections. Flips
# N-PROMPT-INJECTION-DEFENSE and the "no input filtering" part of T-005 on as-claimed to STALE.
set -euo pipefail
"$(dirname "$0")/../bin/install-model-guard" filter
