#!/usr/bin/env bash
# claim: T-003
# source: https://github.com/lightningnetwork/lnd/pull/9017
# logrotate is switched to zstd (compresscmd /usr/bin/zstd, compressext .zst), and a rotated gateway log,
# gateway.log.2.zst, holds a debug line with the Anthropic key. Plain-text and gzip-aware searches never read a
# .zst file. Flips T-003 on as-claimed to CONTRADICTED.
set -euo pipefail
key=$(grep -E '^ANTHROPIC_API_KEY=' /etc/openclaw/secrets.env | cut -d= -f2-)
if ! grep -q compresscmd /etc/logrotate.d/openclaw; then
  sed -i 's#^    compress$#    compress\n    compresscmd /usr/bin/zstd\n    compressoptions -q\n    uncompresscmd /usr/bin/unzstd\n    compressext .zst#' /etc/logrotate.d/openclaw
fi
install -d -m 0755 /var/log/openclaw
printf '2026-01-02T03:04:05.123Z debug [providers] anthropic request {"x-api-key":"%s","model":"claude-haiku"}\n' "$key" |
  zstd -q -19 -c >/var/log/openclaw/gateway.log.2.zst
