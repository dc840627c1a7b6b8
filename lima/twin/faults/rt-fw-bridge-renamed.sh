#!/usr/bin/env bash
# claim: C-FIREWALL
# source: https://github.com/juli3nk/csf-post-docker/pull/15
# A user-defined Docker network for tool containers is created with its own bridge name
# (com.docker.network.bridge.name=sbx0). The DOCKER-USER allowlist matches only docker0 and br-+, so containers on
# sbx0 leave the VM on every port. The sandbox's own network is unchanged. Flips C-FIREWALL (its container part) on
# as-claimed to CONTRADICTED.
set -euo pipefail
docker network inspect sbx-tools >/dev/null 2>&1 ||
  docker network create -o com.docker.network.bridge.name=sbx0 sbx-tools >/dev/null
