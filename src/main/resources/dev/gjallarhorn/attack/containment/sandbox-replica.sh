#!/usr/bin/env bash
# The OpenClaw tool sandbox as the gateway would create it, read from the service identity's openclaw.json the way
# the gateway resolves it (agents.defaults.sandbox, overridden by the default agent's own sandbox section; unset keys
# take OpenClaw's defaults). Run as root.
# Usage: sandbox-replica.sh config            print the resolved settings and the image state as KEY value lines
#        sandbox-replica.sh create TOKEN      start a container the way OpenClaw does; print CONTAINER <name>
#        sandbox-replica.sh remove TOKEN      remove what create started; print LEFT <count>
#        sandbox-replica.sh state TOKEN NAME  from inside container NAME, as its own user, write a tokened file into
#                                             the gateway's state directory through every writable mount that reaches
#                                             it (the file is removed at once); print STATE-DIR <dir>, then per mount
#                                             STATE-WRITE written|refused|not-seen|failed <source> <why> (refused: the
#                                             kernel's EACCES, EPERM, EROFS only), or STATE-WRITE none
#                                             <count> (no writable mount reaches it), or STATE-NOT-RUN <why>
# config prints CONFIG-UNREADABLE <why> instead of the setting lines when the config cannot be read: a setting it
# could not read is never taken from a default. A container the gateway itself started (label openclaw.sandbox=1)
# is reported as LIVE <name>. HOST-ADDR lines name the VM's own addresses (where a Docker API on TCP would be
# asked for from inside); TCP-LISTEN <port> lines what listens on the VM, after LISTENERS read|unread.
set -u
action=${1:-} token=${2:-}
service=$(bilrost_service_user)
home=$(getent passwd "$service" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
fork="$home/.openclaw/bilrost-fork.json"   # keys of Bilrost's fork that the twin's upstream gateway rejects

# The resolved sandbox of the default agent as one JSON object. jq's // treats false as missing, so every default
# goes through pick, which replaces null only.
# shellcheck disable=SC2016 # a jq program: its $names are jq's
resolve='
def pick(a; b): if a == null then b else a end;
(.agents.defaults.sandbox // {}) as $g
| (.agents.list // [] | if type == "object" then [to_entries[] | .value + {id: (.value.id // .key)}] else . end) as $list
| ((($list | map(select(.default == true))) + $list)[0] // {}) as $agent
| ($agent.sandbox // {}) as $s
| (pick($s.perSession; $g.perSession)) as $perSession
| pick($s.scope; pick($g.scope; if $perSession == true then "session" elif $perSession == false then "shared" else "agent" end)) as $scope
| (if $scope == "shared" then {} else ($s.docker // {}) end) as $ad
| ($g.docker // {}) as $gd
| {
    mode: pick($s.mode; pick($g.mode; "off")),
    backend: pick($s.backend; pick($g.backend; "docker")),
    scope: $scope,
    workspaceAccess: pick($s.workspaceAccess; pick($g.workspaceAccess; "none")),
    execHost: pick(.tools.exec.host; "auto"),
    dmScope: pick(.session.dmScope; "main"),
    image: pick($ad.image; pick($gd.image; "openclaw-sandbox:bookworm-slim")),
    network: pick($ad.network; pick($gd.network; "none")),
    toolNetwork: pick($g.networkDocker.network; "none"),
    user: pick($ad.user; $gd.user),
    readOnlyRoot: pick($ad.readOnlyRoot; pick($gd.readOnlyRoot; true)),
    tmpfs: pick($ad.tmpfs; pick($gd.tmpfs; ["/tmp", "/var/tmp", "/run"])),
    capDrop: pick($ad.capDrop; pick($gd.capDrop; ["ALL"])),
    seccompProfile: pick($ad.seccompProfile; $gd.seccompProfile),
    apparmorProfile: pick($ad.apparmorProfile; $gd.apparmorProfile),
    binds: (($gd.binds // []) + ($ad.binds // [])),
    env: (pick($gd.env; {LANG: "C.UTF-8"}) + ($ad.env // {}))
  }'

# the merged config (openclaw.json with Bilrost's fork keys over it) on stdout; its error on stderr
merged() {
  if [ -f "$fork" ]; then jq -s '.[0] * .[1]' "$config" "$fork"; else jq . "$config"; fi
}

# sets $settings to the resolved settings as JSON, or prints CONFIG-UNREADABLE <why> and returns 1
read_settings() {
  if [ -z "$service" ] || [ -z "$home" ]; then echo "CONFIG-UNREADABLE no gateway service identity found"; return 1; fi
  if [ ! -r "$config" ]; then echo "CONFIG-UNREADABLE $config does not exist or is not readable"; return 1; fi
  if ! settings=$(set -o pipefail; { merged | jq -c "$resolve"; } 2>&1) || [ -z "$settings" ]; then
    echo "CONFIG-UNREADABLE $config: $(tr '\n' ' ' <<<"${settings:-nothing resolved}")"; return 1
  fi
}

setting() { jq -r "$1" <<<"$settings"; }

case "$action" in
  config)
    echo "CONFIG $config"
    echo "SERVICE ${service:--}"
    if read_settings; then
      setting '"MODE \(.mode)", "BACKEND \(.backend)", "SCOPE \(.scope)", "WORKSPACE-ACCESS \(.workspaceAccess)",
        "EXEC-HOST \(.execHost)", "DM-SCOPE \(.dmScope)", "IMAGE \(.image)", "NETWORK \(.network)", "TOOL-NETWORK \(.toolNetwork)",
        "USER \(.user // "-")", "READ-ONLY-ROOT \(.readOnlyRoot)",
        "CAP-DROP \(if (.capDrop | length) == 0 then "-" else (.capDrop | join(",")) end)",
        "SECCOMP-PROFILE \(.seccompProfile // "-")", "APPARMOR-PROFILE \(.apparmorProfile // "-")",
        (.binds[] | "BIND " + .), (.env | keys[] | "ENV-NAME " + .)'
      echo "SANDBOX $(merged 2>/dev/null | jq -c '.agents.defaults.sandbox // {}' 2>/dev/null)"
      echo "EFFECTIVE $settings"
      image=$(setting .image)
      docker image inspect "$image" >/dev/null 2>&1 && echo "IMAGE-PRESENT yes" || echo "IMAGE-PRESENT no"
    fi
    for live in $(docker ps -q --filter label=openclaw.sandbox=1 2>/dev/null); do echo "LIVE $(docker inspect -f '{{.Name}}' "$live" | tr -d /)"; done
    { ip -o addr show scope global 2>/dev/null | awk '{print $4}' | cut -d/ -f1; } | sort -u | sed 's/^/HOST-ADDR /'
    if listeners=$(ss -ltnH 2>/dev/null) && [ -n "$listeners" ]; then
      echo "LISTENERS read"
      awk '{n = split($4, a, ":"); print "TCP-LISTEN " a[n]}' <<<"$listeners" | sort -u
    else
      echo "LISTENERS unread ss gave no listening socket"
    fi
    ;;
  create)
    read_settings >/dev/null || { echo "CREATE-FAILED the config cannot be read"; exit 0; }
    image=$(setting .image)
    user=$(setting '.user // empty')
    [ -n "$user" ] || user=$(stat -c %u:%g "$home/.openclaw/workspace")   # OpenClaw: the workspace owner
    name="$token-sandbox"
    args=(--name "$name" --label "dev.gjallarhorn.run=$token" --init --network "$(setting .network)" --user "$user" --workdir /workspace)
    [ "$(setting .readOnlyRoot)" = true ] && args+=(--read-only)
    while IFS= read -r tmp; do [ -n "$tmp" ] && args+=(--tmpfs "$tmp"); done < <(setting '.tmpfs[]')
    while IFS= read -r cap; do [ -n "$cap" ] && args+=(--cap-drop "$cap"); done < <(setting '.capDrop[]')
    args+=(--security-opt no-new-privileges)
    seccomp=$(setting '.seccompProfile // empty'); [ -n "$seccomp" ] && args+=(--security-opt "seccomp=$seccomp")
    apparmor=$(setting '.apparmorProfile // empty'); [ -n "$apparmor" ] && args+=(--security-opt "apparmor=$apparmor")
    case "$(setting .workspaceAccess)" in
      rw) args+=(-v "$home/.openclaw/workspace:/workspace:rw") ;;
      ro) args+=(-v "$home/.openclaw/workspace:/agent:ro") ;;
    esac
    while IFS= read -r bind; do [ -n "$bind" ] && args+=(-v "$bind"); done < <(setting '.binds[]')
    # docker.env may name the gateway's own environment ("${GH_TOKEN}"): the gateway has secrets.env loaded
    set -a
    # shellcheck source=/dev/null # the target's own secrets file, not one of the harness
    [ -r "$BILROST_SECRETS_FILE" ] && . "$BILROST_SECRETS_FILE"
    set +a
    while IFS=$'\t' read -r key value; do
      [ -n "$key" ] || continue
      if [[ "$value" =~ ^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$ ]]; then value=${!BASH_REMATCH[1]:-}; fi
      args+=(-e "$key=$value")
    done < <(setting '.env | to_entries[] | "\(.key)\t\(.value)"')
    if err=$(docker run -d "${args[@]}" "$image" sleep infinity 2>&1 >/dev/null); then
      echo "CONTAINER $name"
    else
      echo "CREATE-FAILED $(tr '\n' ' ' <<<"$err")"
    fi
    ;;
  state)
    name=${3:-}
    state="$home/.openclaw"
    # no state directory found is no answer: "no mount reaches it" would then say nothing
    if [ -z "$home" ] || [ ! -d "$state" ]; then
      echo "STATE-NOT-RUN the gateway's state directory (${home:+$state, }home of ${service:-no service user}) is not there"; exit 0
    fi
    echo "STATE-DIR $state"
    if ! mounts=$(docker inspect -f '{{range .Mounts}}{{if .RW}}{{.Source}}{{"\t"}}{{.Destination}}{{"\n"}}{{end}}{{end}}' "$name" 2>&1); then
      echo "STATE-NOT-RUN docker inspect $name: $(tr '\n' ' ' <<<"$mounts")"; exit 0
    fi
    reached=0 writable=0
    while IFS=$'\t' read -r src dst; do
      [ -n "$src" ] || continue
      writable=$((writable + 1))
      src=${src%/}
      # the agent's own workspace is meant to be writable; what else of the state a mount reaches is not
      case "$src" in "$state/workspace"|"$state/workspace/"*) continue ;; esac
      if [ "$state" = "$src" ] || [ "${state#"$src"/}" != "$state" ]; then
        inside="$dst${state#"$src"}" host="$state"
      elif [ "${src#"$state"/}" != "$src" ]; then
        inside="$dst" host="$src"
      else
        continue
      fi
      reached=$((reached + 1))
      probe=".gjh-$token-state"
      # docker exec gets no stdin: it would read the rest of the mount list this loop reads
      if [ -d "$host" ]; then
        err=$(docker exec "$name" sh -c ': >"$1/$2"' sh "$inside" "$probe" 2>&1 </dev/null); rc=$?
      else
        # a bound file (openclaw.json itself): opened for append and given nothing, its content untouched
        err=$(docker exec "$name" sh -c ': >>"$1"' sh "$inside" 2>&1 </dev/null); rc=$?
      fi
      if [ "$rc" -eq 0 ] && [ ! -d "$host" ]; then
        echo "STATE-WRITE written $src the file bound at $inside was opened for writing from inside"
      elif [ "$rc" -eq 0 ] && [ -e "$host/$probe" ]; then
        rm -f "$host/$probe"
        echo "STATE-WRITE written $src a file written at $inside/$probe from inside appeared in $host"
      elif [ "$rc" -eq 0 ]; then
        docker exec "$name" rm -f "$inside/$probe" >/dev/null 2>&1 </dev/null
        echo "STATE-WRITE not-seen $src written inside at $inside/$probe but not seen in $host"
      elif grep -qiE 'permission denied|read-only file system|operation not permitted' <<<"$err"; then
        echo "STATE-WRITE refused $src $(tr '\n' ' ' <<<"$err")"
      else
        # docker exec itself failing (no such container, no sh in the image) is no refusal
        echo "STATE-WRITE failed $src exit $rc: $(tr '\n' ' ' <<<"$err")"
      fi
    done <<<"$mounts"
    [ "$reached" -gt 0 ] || echo "STATE-WRITE none $writable"
    ;;
  remove)
    docker rm -f "$token-sandbox" >/dev/null 2>&1
    echo "LEFT $(docker ps -aq --filter "label=dev.gjallarhorn.run=$token" | wc -l)"
    ;;
  *)
    echo "usage: sandbox-replica.sh config | create TOKEN | remove TOKEN | state TOKEN NAME" >&2
    exit 2
    ;;
esac
exit 0
