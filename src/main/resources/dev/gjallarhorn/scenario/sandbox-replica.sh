#!/usr/bin/env bash
# The OpenClaw tool sandbox as the gateway would create it, read from the service identity's openclaw.json
# (agents.defaults.sandbox). Run as root.
# Usage: sandbox-replica.sh config            print the sandbox section and the image state as KEY value lines
#        sandbox-replica.sh create TOKEN      start a container the way OpenClaw does; print CONTAINER <name>
#        sandbox-replica.sh remove TOKEN      remove what create started
# A container the gateway itself started (label openclaw.sandbox=1) is reported as LIVE <name> by config.
set -u
action=$1 token=${2:-}
service=$(systemctl show -p User --value openclaw-gateway.service 2>/dev/null)
[ -n "$service" ] || service=$(stat -c %U /workspace)
home=$(getent passwd "$service" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
fork="$home/.openclaw/bilrost-fork.json"   # keys of Bilrost's fork that the twin's upstream gateway rejects
sb() { if [ -f "$fork" ]; then jq -rs ".[0] * .[1] | $1" "$config" "$fork"; else jq -r "$1" "$config"; fi 2>/dev/null; }

case "$action" in
  config)
    echo "CONFIG $config"
    echo "SERVICE $service"
    echo "IMAGE $(sb '.agents.defaults.sandbox.docker.image // "openclaw-sandbox:bookworm-slim"')"
    echo "NETWORK $(sb '.agents.defaults.sandbox.docker.network // "none"')"
    echo "TOOL-NETWORK $(sb '.agents.defaults.sandbox.networkDocker.network // "none"')"
    echo "SANDBOX $(sb '.agents.defaults.sandbox // {} | tojson')"
    docker image inspect "$(sb '.agents.defaults.sandbox.docker.image // "openclaw-sandbox:bookworm-slim"')" >/dev/null 2>&1 \
      && echo "IMAGE-PRESENT yes" || echo "IMAGE-PRESENT no"
    for live in $(docker ps -q --filter label=openclaw.sandbox=1 2>/dev/null); do echo "LIVE $(docker inspect -f '{{.Name}}' "$live" | tr -d /)"; done
    ;;
  create)
    image=$(sb '.agents.defaults.sandbox.docker.image // "openclaw-sandbox:bookworm-slim"')
    network=$(sb '.agents.defaults.sandbox.docker.network // "none"')
    user=$(sb '.agents.defaults.sandbox.docker.user // empty')
    [ -n "$user" ] || user=$(stat -c %u:%g "$home/.openclaw/workspace")   # OpenClaw: the workspace owner
    name="$token-sandbox"
    args=(--name "$name" --label "dev.gjallarhorn.run=$token" --init --network "$network" --user "$user" --workdir /workspace)
    [ "$(sb '.agents.defaults.sandbox.docker.readOnlyRoot // true')" = false ] || args+=(--read-only)
    while IFS= read -r cap; do [ -n "$cap" ] && args+=(--cap-drop "$cap"); done < <(sb '(.agents.defaults.sandbox.docker.capDrop // ["ALL"])[]')
    args+=(--security-opt no-new-privileges)
    for tmp in /tmp /var/tmp /run; do args+=(--tmpfs "$tmp"); done
    case "$(sb '.agents.defaults.sandbox.workspaceAccess // "none"')" in
      rw) args+=(-v "$home/.openclaw/workspace:/workspace:rw") ;;
      ro) args+=(-v "$home/.openclaw/workspace:/agent:ro") ;;
    esac
    while IFS= read -r bind; do [ -n "$bind" ] && args+=(-v "$bind"); done < <(sb '(.agents.defaults.sandbox.docker.binds // [])[]')
    # docker.env may name the gateway's own environment ("${GH_TOKEN}"): the gateway has secrets.env loaded
    set -a
    # shellcheck disable=SC1091
    [ -r /etc/openclaw/secrets.env ] && . /etc/openclaw/secrets.env
    set +a
    while IFS=$'\t' read -r key value; do
      [ -n "$key" ] || continue
      if [[ "$value" =~ ^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$ ]]; then value=${!BASH_REMATCH[1]:-}; fi
      args+=(-e "$key=$value")
    done < <(sb '(.agents.defaults.sandbox.docker.env // {}) | to_entries[] | "\(.key)\t\(.value)"')
    docker run -d "${args[@]}" "$image" sleep infinity >/dev/null && echo "CONTAINER $name"
    ;;
  remove)
    docker rm -f "$token-sandbox" >/dev/null 2>&1
    echo "LEFT $(docker ps -aq --filter "label=dev.gjallarhorn.run=$token" | wc -l)"
    ;;
esac
exit 0
