#!/usr/bin/env bash
# The supply-chain posture of the gateway's install, read from the target. Writes nothing but its own control BOM
# (in /var/tmp, removed at once).
# Usage: supply-chain.sh [BOUND]   BOUND: seconds the machine-wide SBOM search may take (default 150)
# Prints KEY value lines about /workspace (the checkout the gateway runs from) and the sandbox image reference:
#   WORKSPACE present|missing <path>   first: whether there is a checkout to read at all
#   LOCKFILE, LOCKFILE-DELETED, FROZEN, SCRIPTS, INSTALLED-BY, CURL-INSTALLER   one line per finding
#   SBOM <format> <path>  an SBOM found by its content anywhere (up to 5); SBOM-SEARCH done|timeout;
#   SBOM-CONTROL found|missed <path>|unplanted <why>   the search's own planted BOM
#   SANDBOX-IMAGE <ref>  or  SANDBOX-IMAGE-UNREAD <why>
#   DONE                               last: the script ran to its end (without it, nothing above is a finding)
set -u
bound=${1:-150}
ws=$BILROST_WORKSPACE
if [ -d "$ws" ]; then echo "WORKSPACE present $ws"; else echo "WORKSPACE missing $ws"; fi
for lock in bun.lock bun.lockb package-lock.json pnpm-lock.yaml yarn.lock npm-shrinkwrap.json; do
  [ -e "$ws/$lock" ] && echo "LOCKFILE $lock"
done
upper=$BILROST_OVERLAY_UPPER
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
# shellcheck disable=SC2010 # whether any name holds nodesource, in any case
ls /etc/apt/sources.list.d/ 2>/dev/null | grep -qi nodesource && echo "CURL-INSTALLER nodesource apt source (setup script piped to bash)"
# SBOM: told by its content, wherever on the machine it is (CycloneDX JSON or XML, SPDX JSON or tag-value), never
# by its name or place. node_modules is left out: packages ship test fixtures, and no SBOM of the install lives inside
# one of its dependencies. A BOM of our own, planted first, must be found, or no "none" is a finding.
# a document that is an SBOM, not one that shows one (npm's docs quote a CycloneDX example): a JSON object whose
# own bomFormat or spdxVersion says so, an XML document whose root element is bom, SPDX tag-value from its first line
is_sbom() {
  local first root
  first=$(head -c 65536 -- "$1" 2>/dev/null | tr -d '\0' | grep -m1 -v -E '^[[:space:]]*(#.*)?$' | sed 's/^[[:space:]]*//')
  case "$first" in
    '{'*) if command -v jq >/dev/null 2>&1; then
            timeout 20 jq -e 'type == "object" and (.bomFormat == "CycloneDX" or (.spdxVersion | type) == "string")' -- "$1" >/dev/null 2>&1
          else return 0; fi ;;
    '<'*) root=$(head -c 65536 -- "$1" 2>/dev/null | tr -d '\0' | tr '\n' ' ' | sed -E 's/<\?[^>]*\?>//g; s/<!--([^-]|-[^-])*-->//g' |
                 grep -oE '<[A-Za-z_][^[:space:]/>]*' | head -1)
          case "$root" in '<bom'|'<'*':bom') return 0 ;; *) return 1 ;; esac ;;
    SPDXVersion:*) return 0 ;;
    *) return 1 ;;
  esac
}
sbom_re='"bomFormat"[[:space:]]*:[[:space:]]*"CycloneDX"|<bom[^>]*xmlns="http://cyclonedx\.org|^SPDXVersion:[[:space:]]*SPDX-|"spdxVersion"[[:space:]]*:[[:space:]]*"SPDX-'
control_dir=$(mktemp -d /var/tmp/.gj-sbom-control.XXXXXX 2>/dev/null) || control_dir=""
if [ -n "$control_dir" ]; then
  printf '{"%s": "%s", "specVersion": "1.5", "version": 1}\n' bomFormat CycloneDX >"$control_dir/control"
fi
# shellcheck disable=SC2016 # the inner bash's script: $1 is the pattern after _
found=$(timeout "$bound" bash -c 'find / \( -path /proc -o -path /sys -o -path /dev -o -name node_modules \) -prune \
          -o -type f -size -32M -print0 2>/dev/null | xargs -0 -r grep -lIE -- "$1" 2>/dev/null; exit 0' _ "$sbom_re")
rc=$?
[ "$rc" = 124 ] && echo "SBOM-SEARCH timeout" || echo "SBOM-SEARCH done"
if [ -z "$control_dir" ]; then echo "SBOM-CONTROL unplanted mktemp failed"
elif printf '%s\n' "$found" | grep -qxF -- "$control_dir/control" && is_sbom "$control_dir/control"; then echo "SBOM-CONTROL found"
else echo "SBOM-CONTROL missed $control_dir/control"; fi
[ -n "$control_dir" ] && rm -rf -- "$control_dir"
printf '%s\n' "$found" | awk -v c="$control_dir/control" 'NF && $0 != c' | while IFS= read -r f; do is_sbom "$f" && printf '%s\n' "$f"; done |
  head -5 | while IFS= read -r f; do
    format=$(head -c 4096 -- "$f" 2>/dev/null | grep -oE -m1 'CycloneDX|cyclonedx\.org|SPDX-[0-9.]+' | head -1 | sed 's/cyclonedx\.org/CycloneDX/')
    echo "SBOM ${format:-unknown} $f"
  done
service=$(systemctl show -p User --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)
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
