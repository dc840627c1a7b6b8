#!/usr/bin/env bash
# claim: T-003
# source: https://github.com/logzio/logzio-docker/issues/14
# A one-shot provider check container (not a sandbox container; the key reaches it on stdin, not in its environment or
# command) prints its configuration, OpenAI key included, to stdout. Docker's json-file driver keeps that line in
# /var/lib/docker/containers/<id>/<id>-json.log and `docker logs` replays it. Flips T-003 on as-claimed to
# CONTRADICTED: a log the journal and /var/log searches never read holds a secret.
set -euo pipefail
if ! docker image inspect openclaw-sandbox:bookworm-slim >/dev/null 2>&1; then
  systemctl start openclaw-sandbox-image.service
fi
docker rm -f bilrost-provider-check >/dev/null 2>&1 || true
grep -E '^OPENAI_API_KEY=' /etc/openclaw/secrets.env | cut -d= -f2- |
  docker run -i --name bilrost-provider-check --network none openclaw-sandbox:bookworm-slim \
    sh -c 'read -r key; echo "provider-check: openai configured {\"authorization\": \"Bearer $key\"} status=skipped (offline)"' >/dev/null
