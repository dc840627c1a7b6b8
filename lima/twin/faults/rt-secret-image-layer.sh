#!/usr/bin/env bash
# claim: C-SECRETS-MANAGEMENT
# source: https://github.com/brocoders/nestjs-boilerplate/pull/775
# A local tools image is built FROM the sandbox image with a .env holding the OpenRouter key COPYed in one layer and
# deleted by RUN rm in the next: the image's filesystem no longer shows it, but the earlier layer (docker save, the
# layer store) still holds the key. Flips C-SECRETS-MANAGEMENT ("not ... in Docker images") on as-claimed to
# CONTRADICTED.
set -euo pipefail
if ! docker image inspect openclaw-sandbox:bookworm-slim >/dev/null 2>&1; then
  systemctl start openclaw-sandbox-image.service
fi
key=$(grep -E '^OPENROUTER_API_KEY=' /etc/openclaw/secrets.env | cut -d= -f2-)
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
printf 'OPENROUTER_API_KEY=%s\n' "$key" >"$ctx/.env"
cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM openclaw-sandbox:bookworm-slim
USER root
COPY .env /opt/tools/.env
RUN rm -f /opt/tools/.env
USER sandbox
DOCKERFILE
docker build -q --network none -t bilrost-tools:local "$ctx" >/dev/null
