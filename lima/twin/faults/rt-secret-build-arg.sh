#!/usr/bin/env bash
# claim: C-SECRETS-MANAGEMENT
# source: https://github.com/buggregator/server/pull/313
# A local image is built with the GitHub token passed as --build-arg GH_TOKEN and used by a RUN step: the value is
# recorded in the image's history and config (docker history --no-trunc shows "|1 GH_TOKEN=..."), though no file in
# the image holds it. Flips C-SECRETS-MANAGEMENT ("not ... in Docker images") on as-claimed to CONTRADICTED.
set -euo pipefail
if ! docker image inspect openclaw-sandbox:bookworm-slim >/dev/null 2>&1; then
  systemctl start openclaw-sandbox-image.service
fi
token=$(grep -E '^GH_TOKEN=' /etc/openclaw/secrets.env | cut -d= -f2-)
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM openclaw-sandbox:bookworm-slim
ARG GH_TOKEN
RUN test -n "$GH_TOKEN" && mkdir -p /home/sandbox/.config/gh
DOCKERFILE
docker build -q --network none --build-arg GH_TOKEN="$token" -t bilrost-gh-tools:local "$ctx" >/dev/null
