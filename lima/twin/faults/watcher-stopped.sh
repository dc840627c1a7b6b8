#!/usr/bin/env bash
# claim: C-OVERLAY-WATCHER
# The overlay watcher is not running. Flips C-OVERLAY-WATCHER (and the watcher part of T-008) on as-claimed to
# CONTRADICTED.
set -euo pipefail
systemctl disable --now overlay-watcher.service >/dev/null 2>&1
