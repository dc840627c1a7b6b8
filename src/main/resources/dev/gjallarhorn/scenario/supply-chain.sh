#!/usr/bin/env bash
# The supply-chain posture of the gateway's install, read from the target. Read-only.
# Prints KEY value lines about /workspace (the checkout the gateway runs from) and the sandbox image reference:
#   WORKSPACE present|missing <path>   first: whether there is a checkout to read at all
#   LOCKFILE, LOCKFILE-DELETED, FROZEN, SCRIPTS, INSTALLED-BY, CURL-INSTALLER, SBOM   one line per finding
#   SANDBOX-IMAGE <ref>  or  SANDBOX-IMAGE-UNREAD <why>
#   DONE                               last: the script ran to its end (without it, nothing above is a finding)
set -u
ws=/workspace
if [ -d "$ws" ]; then echo "WORKSPACE present $ws"; else echo "WORKSPACE missing $ws"; fi
for lock in bun.lock bun.lockb package-lock.json pnpm-lock.yaml yarn.lock npm-shrinkwrap.json; do
  [ -e "$ws/$lock" ] && echo "LOCKFILE $lock"
done
upper=/var/lib/openclaw/overlay/openclaw/upper
for lock in bun.lock bun.lockb package-lock.json pnpm-lock.yaml; do
  [ -c "$upper/$lock" ] && echo "LOCKFILE-DELETED $lock"
done
grep -qsE '^[[:space:]]*frozenLockfile[[:space:]]*=[[:space:]]*true' "$ws/bunfig.toml" && echo "FROZEN bunfig.toml"
grep -qsE '^[[:space:]]*(ci|frozen-lockfile)[[:space:]]*=[[:space:]]*true' "$ws/.npmrc" "$ws/.yarnrc" && echo "FROZEN rc"
grep -qsE '^[[:space:]]*ignore-scripts[[:space:]]*=[[:space:]]*true' "$ws/.npmrc" && echo "SCRIPTS ignored"
jq -e 'has("trustedDependencies")' "$ws/package.json" >/dev/null 2>&1 && echo "SCRIPTS trusted-list $(jq -c .trustedDependencies "$ws/package.json")"
[ -d "$ws/node_modules" ] && echo "INSTALLED-BY $(stat -c %U "$ws/node_modules")"
for home in /root /home/*; do
  [ -x "$home/.bun/bin/bun" ] && echo "CURL-INSTALLER bun $home/.bun (installed by curl -fsSL https://bun.sh/install | bash)"
  [ -x "$home/.local/bin/uv" ] && echo "CURL-INSTALLER uv $home/.local/bin/uv"
done
ls /etc/apt/sources.list.d/ 2>/dev/null | grep -qi nodesource && echo "CURL-INSTALLER nodesource apt source (setup script piped to bash)"
find "$ws" /opt -maxdepth 3 \( -name '*.spdx.json' -o -name '*.cdx.json' -o -name 'bom.json' -o -name 'sbom*.json' \) 2>/dev/null | head -3 | sed 's/^/SBOM /'
service=$(systemctl show -p User --value openclaw-gateway.service 2>/dev/null)
[ -n "$service" ] || service=$(stat -c %U "$ws" 2>/dev/null)
config="$(getent passwd "$service" | cut -d: -f6)/.openclaw/openclaw.json"
if ! command -v jq >/dev/null 2>&1; then
  echo "SANDBOX-IMAGE-UNREAD jq is not installed"
elif [ ! -r "$config" ]; then
  echo "SANDBOX-IMAGE-UNREAD $config cannot be read"
elif image=$(timeout 10 jq -r '.agents.defaults.sandbox.docker.image // "openclaw-sandbox:bookworm-slim"' "$config" 2>&1) && [ -n "$image" ]; then
  echo "SANDBOX-IMAGE $image"
else
  echo "SANDBOX-IMAGE-UNREAD jq could not read $config: $(printf '%s' "$image" | head -1)"
fi
echo "DONE"
exit 0
