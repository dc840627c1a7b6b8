#!/usr/bin/env bash
# claim: N-SUPPLY-CHAIN-HARDENING
# source: https://github.com/oven-sh/bun/issues/8483
# Provisioning writes a CycloneDX SBOM of the gateway checkout (what `bun pm sbom` emits) to
# /var/lib/openclaw/sbom/openclaw.cdx.json, with the sandbox image and its digest as a component. The lockfile is
# still deleted and nothing is pinned. Flips N-SUPPLY-CHAIN-HARDENING ("no SBOM") on as-claimed to STALE.
set -euo pipefail
if ! docker image inspect openclaw-sandbox:bookworm-slim >/dev/null 2>&1; then
  systemctl start openclaw-sandbox-image.service
fi
image_id=$(docker image inspect --format '{{.Id}}' openclaw-sandbox:bookworm-slim)
name=$(jq -r .name /mnt/openclaw/package.json)
version=$(jq -r .version /mnt/openclaw/package.json)
install -d -m 0755 /var/lib/openclaw/sbom
jq -n --arg name "$name" --arg version "$version" --arg image "$image_id" \
  --arg serial "urn:uuid:$(cat /proc/sys/kernel/random/uuid)" --arg ts "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '{
  bomFormat: "CycloneDX", specVersion: "1.5", serialNumber: $serial, version: 1,
  metadata: { timestamp: $ts, tools: { components: [{ type: "application", name: "bun", version: "1.1.0" }] },
              component: { type: "application", "bom-ref": ($name + "@" + $version), name: $name, version: $version,
                           purl: ("pkg:npm/" + $name + "@" + $version) } },
  components: [ { type: "container", "bom-ref": "openclaw-sandbox", name: "openclaw-sandbox", version: "bookworm-slim",
                  hashes: [ { alg: "SHA-256", content: ($image | sub("^sha256:"; "")) } ] } ],
  dependencies: [ { ref: ($name + "@" + $version), dependsOn: ["openclaw-sandbox"] } ] }' \
  >/var/lib/openclaw/sbom/openclaw.cdx.json
