#!/usr/bin/env bash
# The target's containers and images. Run as root. Read-only.
# Prints: CONTAINER <id> <name> <image> <state>   IMAGE <id> <tags,...> <layer dirs separated by :>
set -u
command -v docker >/dev/null || { echo "NODOCKER"; exit 0; }
docker ps -a --no-trunc --format '{{.ID}} {{.Names}} {{.Image}} {{.State}}' 2>/dev/null | sed 's/^/CONTAINER /'
for image in $(docker images -q --no-trunc 2>/dev/null | sort -u); do
  docker image inspect -f '{{.Id}} {{join .RepoTags ","}} {{.GraphDriver.Data.LowerDir}}:{{.GraphDriver.Data.UpperDir}}' "$image" 2>/dev/null \
    | sed 's/^/IMAGE /'
done
exit 0
