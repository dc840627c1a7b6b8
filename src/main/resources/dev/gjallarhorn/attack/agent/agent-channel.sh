#!/usr/bin/env bash
# The OpenClaw gateway on the target, as the agent-channel attacks need it. Run as root.
# Usage: agent-channel.sh ACTION TOKEN [ARGS]
#   status                 SERVICE, HOME, CONFIG, UNIT <state> <enabled>, RUNNABLE yes|no, CLI, and the
#                          telegram/model settings (APIROOT, DMPOLICY, ALLOWFROM, GROUPPOLICY, MODEL, MODEL-URL)
#   snapshot [OWNER]       keep ~/.openclaw, the gateway's state and its sandbox containers, to put back later
#                          (SNAPSHOT-FAILED <why> when it could not: then nothing may be changed)
#   wire TG LLM            point the gateway at 127.0.0.1:TG (Telegram) and 127.0.0.1:LLM (model), heartbeat off
#   start | restart | stop the gateway unit (start waits for it to be running)
#   approve CODE           `openclaw pairing approve telegram CODE` as the service identity (the operator's step)
#   pending                PENDING <sender> <code> per open pairing request
#   self-approve SENDER [WHO]
#                          as WHO (a user name; default the service identity), without sudo: add SENDER to the
#                          pairing allowlist store; SELF-APPROVE <exit> <message> (127: node cannot run as WHO)
#   allowlist-write SENDER WHO
#                          as WHO: open the config for writing (nothing written: a refusal is seen here), then add
#                          SENDER to its channels.telegram.allowFrom, which the gateway hot-reloads; the config is kept
#                          first; ALLOWLIST-WRITE <exit> <message> (0 added, 1 refused or missing, 126 opened but not
#                          rewritten, 127 no tool)
#   allowlist-restore      put the config allowlist-write kept back (ALLOWLIST-RESTORE <exit> <message>)
#   control-plane MARKER WHO...
#                          the gateway's HTTP control API (POST /tools/invoke: sessions_history of the session holding
#                          MARKER) on each address its process listens on: as root with its own credential (from its
#                          environment or config: the control), then as each WHO without a credential and with a wrong
#                          one. The session is the gateway's own answer: of the keys its session_status (its main
#                          session) and sessions_list name to root, the first whose history holds MARKER;
#                          CP-SESSION <listener> <key|none> <sessions_list status> <keys named>;
#                          CP <control|none|wrong> <who> <listener> <http status|error> <marker|no-marker> per request,
#                          CP-BURST <listener> <n> <status:count,...> ms:<each answer's time,...> for up to 50 wrong
#                          credentials in a row as nobody (stops at a 429 or an answer 2 s late),
#                          CP-NONE <why> when the gateway runs nowhere; CP-END
#   restore [TOKEN]        put everything snapshot kept back as it was (an agents share by its contents), and the
#                          gateway in its earlier state; TOKEN: an earlier run's leftovers
#   sandboxes              SANDBOX <short id> <network> <user> <name> per sandbox container of the gateway; HOSTNAME,
#                          DOCKERENV (whether the VM itself has /.dockerenv: a twin does)
#   journal SINCE          JOURNAL <line> for the gateway unit's error, warning and rate-limit lines since SINCE (Unix
#                          seconds), last 10
#   unit-state             ACTIVE <state>, RESTARTS <n>, PID <main pid> of the gateway unit
#   escape-files           FOUND <path> <owner> per file whose name carries TOKEN in the places a hijacked file tool
#                          could write outside the workspace; each is removed once reported
#   escape-procs TAG       PROC <pid> uid-<uid>(<name on the VM>) <vm|container id> per process whose arguments carry TAG; each is killed
#   security-audit SECONDS the gateway's own checker, `openclaw security audit --json`, as the service identity: read-only,
#                          never --fix, bounded (it is known to hang on some releases); AUDIT <exit> <seconds>, then
#                          AUDIT-JSON <its JSON on one line> when it printed any
#   leftovers              LEFTOVER <token> <owner host:pid> for each snapshot an earlier run could not restore (it died); the
#                          next run puts them back as it opens (run/Leftovers)
set -u
umask 077   # what this script writes (the kept state, a config being rewritten) is for root alone
action=$1 token=$2
shift 2
keep=/var/lib/gjallarhorn
service=$(bilrost_service_user)
home=$(getent passwd "$service" | cut -d: -f6)
config="$home/.openclaw/openclaw.json"
# the gateway's command line without "gateway ...": the CLI the operator uses, run from the unit's directory
argv=$(systemctl show -p ExecStart --value "$BILROST_GATEWAY_UNIT" 2>/dev/null | sed -n 's/.*argv\[\]=\([^;]*\);.*/\1/p')
cli=${argv%% gateway*}
workdir=$(systemctl show -p WorkingDirectory --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)
unit_path=$(systemctl show -p Environment --value "$BILROST_GATEWAY_UNIT" 2>/dev/null | tr ' ' '\n' | sed -n 's/^PATH=//p')

as_service() { # runs a command line as the service identity, in the gateway's directory and environment
  runuser -u "$service" -- env -i HOME="$home" PATH="${unit_path:-/usr/local/bin:/usr/bin:/bin}" CI=1 OPENCLAW_NO_AUTO_UPDATE=1 \
    OPENCLAW_SKIP_CRON=1 sh -c "cd '${workdir:-/workspace}' && $1"
}
cfg() { jq -r "$1" "$config" 2>/dev/null; }

case "$action" in
  status)
    echo "SERVICE $service"
    echo "HOME $home"
    echo "CONFIG $config"
    echo "UNIT $(systemctl is-active "$BILROST_GATEWAY_UNIT" 2>/dev/null) $(systemctl is-enabled "$BILROST_GATEWAY_UNIT" 2>/dev/null)"
    bin=${cli%% *}
    if [ -n "$cli" ] && [ -x "$bin" ]; then
      script=$(echo "$cli" | awk '{print $2}')
      case "$script" in /*) ;; *) script="${workdir:-/workspace}/$script" ;; esac
      [ -e "$script" ] && echo "RUNNABLE yes" || echo "RUNNABLE no $script is missing"
    else
      echo "RUNNABLE no no gateway program on the target (${bin:-no ExecStart})"
    fi
    echo "CLI $cli"
    echo "APIROOT $(cfg '.channels.telegram.apiRoot // "(default: api.telegram.org)"')"
    echo "WEBHOOK $(cfg '.channels.telegram.webhookUrl // "none"')"
    echo "WEBHOOK-LISTENER $(cfg '"http://" + (.channels.telegram.webhookHost // "127.0.0.1") + ":" + ((.channels.telegram.webhookPort // 8787) | tostring) + (.channels.telegram.webhookPath // "/telegram-webhook")')"
    echo "DMPOLICY $(cfg '.channels.telegram.dmPolicy // "(default: pairing)"')"
    echo "ALLOWFROM $(cfg '.channels.telegram.allowFrom // [] | map(tostring) | join(",")')"
    echo "GROUPPOLICY $(cfg '.channels.telegram.groupPolicy // "(default: allowlist)"')"
    model=$(cfg '(.agents.defaults.model | if type == "object" then .primary else . end) // ""')
    echo "MODEL $model"
    echo "MODEL-URL $(jq -r --arg p "${model%%/*}" '.models.providers[$p].baseUrl // "(built-in provider)"' "$config" 2>/dev/null)"
    # models the gateway may call besides the default: fallbacks and per-agent overrides
    echo "MODEL-ELSEWHERE $(cfg '[(.agents.defaults.model | if type == "object" then (.fallbacks // [])[] else empty end),
      ((.agents.list // [])[] | select(.model != null) | "agent " + (.id // "?") + ": " + (.model | if type == "object" then (.primary // "?") else tostring end))]
      | join(", ")')"
    ;;
  snapshot)
    install -d -m 0700 "$keep"
    was=inactive
    systemctl is-active -q "$BILROST_GATEWAY_UNIT" && was=active
    failed() {
      echo "SNAPSHOT-FAILED $1$(head -c 300 "$keep/$token-error" | tr '\n' ' ')"; rm -f "$keep/$token"-*; rmdir "$keep" 2>/dev/null
      [ "$was" = active ] && systemctl start "$BILROST_GATEWAY_UNIT"
      exit 0
    }
    # its sqlite stores are copied whole only while nothing writes them: stop the gateway first
    [ "$was" = active ] && systemctl stop "$BILROST_GATEWAY_UNIT"
    # an agents directory that is a symlink or a mount (a host share) is kept on its own, by its contents
    agents="$home/.openclaw/agents" exclude=()
    if [ -L "$agents" ] || mountpoint -q "$agents" 2>/dev/null; then
      readlink -f "$agents" >"$keep/$token-agents-dir"
      tar -C "$(cat "$keep/$token-agents-dir")" -cpf "$keep/$token-agents.tar" . 2>"$keep/$token-error" \
        || failed "agents share: "
      exclude=("--exclude=.openclaw/agents/*")
    fi
    tar -C "$home" "${exclude[@]}" -cpf "$keep/$token-openclaw.tar" .openclaw 2>"$keep/$token-error" \
      || failed ""
    rm -f "$keep/$token-error"
    # unknown sandbox containers (docker did not answer) are not removed at restore
    docker ps -aq --filter label=openclaw.sandbox=1 >"$keep/$token-containers" 2>/dev/null || echo unknown >"$keep/$token-containers"
    echo "$was" >"$keep/$token-unit"
    echo "${1:-unknown}" >"$keep/$token-owner"
    echo "SNAPSHOT $(stat -c %s "$keep/$token-openclaw.tar") $(cat "$keep/$token-unit")"
    ;;
  wire)
    tg=$1 llm=$2
    jq --arg tg "http://127.0.0.1:$tg" --arg llm "http://127.0.0.1:$llm/v1" '
      .channels.telegram.apiRoot = $tg
      | .models.mode = "merge"
      | .models.providers.double = {baseUrl: $llm, apiKey: "gjallarhorn-double", api: "openai-completions",
          models: [{id: "double-model", name: "gjallarhorn LLM double", input: ["text"], contextWindow: 128000, maxTokens: 4096,
                    cost: {input: 0, output: 0, cacheRead: 0, cacheWrite: 0}}]}
      | .agents.defaults.model = {primary: "double/double-model"}
      | if (.agents.list | type) == "array" then .agents.list |= map(del(.model)) else . end
      | .agents.defaults.heartbeat.every = "0m"
      | .update.checkOnStart = false' "$config" >"$config.$token" && cat "$config.$token" >"$config"
    rm -f "$config.$token"
    echo "WIRED $(cfg '.channels.telegram.apiRoot')"
    ;;
  start)
    systemctl start "$BILROST_GATEWAY_UNIT"; echo "START $? $(systemctl is-active "$BILROST_GATEWAY_UNIT")" ;;
  restart)
    systemctl restart "$BILROST_GATEWAY_UNIT"; echo "RESTART $? $(systemctl is-active "$BILROST_GATEWAY_UNIT")" ;;
  stop)
    systemctl stop "$BILROST_GATEWAY_UNIT"; echo "STOP $? $(systemctl is-active "$BILROST_GATEWAY_UNIT")" ;;
  approve)
    out=$(as_service "$cli pairing approve telegram $1" 2>&1); rc=$?
    why=$(echo "$out" | grep -m1 'Reason:' || echo "$out" | grep -v '^\s*$' | tail -n 2)
    echo "APPROVE $rc $(echo "$why" | tr '\n' ' ')" ;;
  pending)
    as_service "$cli pairing list telegram --json" 2>/dev/null \
      | jq -r '(.requests // .) | .[]? | "PENDING \(.id // .senderId // .meta.senderId // "?") \(.code // "?")"' 2>/dev/null
    echo "PENDING-END" ;;
  self-approve)
    db="$home/.openclaw/state/openclaw.sqlite"
    node=${cli%% *} who=${2:-$service}
    # a writer that cannot even start node tells nothing about the store: that is the probe's failure, not a refusal
    if ! ran=$(cd / && runuser -u "$who" -- "$node" -e 0 2>&1); then
      echo "SELF-APPROVE 127 cannot run $node as $who: $(echo "$ran" | tail -n 1)"; exit 0
    fi
    out=$(cd / && runuser -u "$who" -- "$node" -e '
      const { DatabaseSync } = require("node:sqlite");
      try {
        // the gateway writes this store in transactions of its own: wait for them rather than fail on a busy lock
        const db = new DatabaseSync(process.argv[1], { timeout: 30000 });
        db.prepare("INSERT INTO channel_pairing_allow_entries (channel_key, account_id, entry, sort_order, updated_at) VALUES (?, ?, ?, ?, ?)")
          .run("telegram", "default", process.argv[2], 999, Date.now());
        console.log("inserted");
      } catch (e) {
        // node prints its version after a stack trace: say the error itself on the last line
        console.log("Error: " + String(e.message).split("\n")[0]);
        process.exit(1);
      }' "$db" "$1" 2>&1); rc=$?
    echo "SELF-APPROVE $rc $(echo "$out" | tail -n 1)" ;;
  allowlist-write)
    sender=$1 who=$2 kept="$keep/$token-allowlist-config"
    # shellcheck disable=SC2016 # expanded by the shell that runs as WHO
    if ! err=$(cd / && runuser -u "$who" -- sh -c ': >>"$1"' sh "$config" 2>&1); then
      echo "ALLOWLIST-WRITE 1 $(echo "$err" | tail -n 1)"; exit 0
    fi
    command -v jq >/dev/null || { echo "ALLOWLIST-WRITE 127 no jq on the target"; exit 0; }
    install -d -m 0700 "$keep"
    [ -e "$kept" ] || cp -p "$config" "$kept"
    # shellcheck disable=SC2016 # a jq program, and positional parameters of the shell that runs as WHO
    filter='.channels.telegram.allowFrom = ((.channels.telegram.allowFrom // []) + [$s])'
    started=$(date +%s)
    # shellcheck disable=SC2016
    if ! out=$(cd / && runuser -u "$who" -- sh -c 'new=$(jq --arg s "$1" "$3" "$2") && printf "%s\n" "$new" >"$2"' sh "$sender" "$config" "$filter" 2>&1); then
      echo "ALLOWLIST-WRITE 126 opened for writing, but the rewrite failed: $(echo "$out" | tail -n 1)"; exit 0
    fi
    # the sender's DM must come after the gateway took the change: wait (bounded) for its reload line
    seen="no reload line from the gateway within 15 s"
    for _ in $(seq 1 30); do
      if journalctl -u "$BILROST_GATEWAY_UNIT" --since "@$started" --no-pager -o cat 2>/dev/null | grep -q 'config change detected'; then
        seen="the gateway saw the change after $(( $(date +%s) - started )) s"; sleep 2; break
      fi
      sleep 0.5
    done
    echo "ALLOWLIST-WRITE 0 added $sender to channels.telegram.allowFrom in $config; $seen" ;;
  allowlist-restore)
    kept="$keep/$token-allowlist-config"
    if [ -e "$kept" ]; then
      cat "$kept" >"$config" && rm -f "$kept" && echo "ALLOWLIST-RESTORE 0 put back" || echo "ALLOWLIST-RESTORE 1 could not put $config back"
    else
      echo "ALLOWLIST-RESTORE 0 nothing kept"
    fi ;;
  control-plane)
    marker=$1 session=''; shift
    node=${cli%% *}
    pid=$(systemctl show -p MainPID --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)
    if [ -z "$pid" ] || [ "$pid" = 0 ] || [ ! -r "/proc/$pid/environ" ]; then echo "CP-NONE the gateway is not running"; echo "CP-END"; exit 0; fi
    envof() { tr '\0' '\n' <"/proc/$pid/environ" | sed -n "s/^$1=//p" | head -n 1; }
    cred=$(envof OPENCLAW_GATEWAY_PASSWORD)
    [ -n "$cred" ] || cred=$(envof OPENCLAW_GATEWAY_TOKEN)
    [ -n "$cred" ] || cred=$(cfg '.gateway.auth.password // .gateway.auth.token // empty')
    # the credential travels in the environment, never on a command line; the body is never printed (a transcript)
    # shellcheck disable=SC2016
    probe='const [url, marker, session, mode] = process.argv.slice(1);
      const headers = { "content-type": "application/json" };
      if (mode === "credential") headers.authorization = "Bearer " + (process.env.CP_CRED || "");
      fetch(url, { method: "POST", headers, signal: AbortSignal.timeout(15000),
                   body: JSON.stringify({ tool: "sessions_history", args: { sessionKey: session } }) })
        .then(async r => { const t = await r.text(); console.log(r.status + " " + (t.includes(marker) ? "marker" : "no-marker")); })
        .catch(e => console.log("error " + String(e.cause && e.cause.code || e.name || e.message).replace(/\s+/g, "-") + " no-marker"));'
    # the session keys the gateway names to its own credential: its main session (session_status, run in it, gives
    # its key; 2026.9.6 gives the display key "main" beside its agent id, and OpenClaw documents "main" as
    # agent:<agent id>:main) and each key its sessions_list gives; an agent id it does not give is read from a full key
    # it names; the status printed is sessions_list's
    # shellcheck disable=SC2016
    list='const [url] = process.argv.slice(1);
      const ask = tool => fetch(url, { method: "POST", signal: AbortSignal.timeout(15000), body: JSON.stringify({ tool, args: {} }),
          headers: { "content-type": "application/json", authorization: "Bearer " + (process.env.CP_CRED || "") } })
        .then(async r => { let d = {}; try { d = JSON.parse(await r.text()).result.details || {}; } catch {} return { status: r.status, d }; },
              () => ({ status: "error", d: {} }));
      const canonical = (agent, key) => key === "main" ? (agent ? "agent:" + agent + ":main" : "") : key;
      Promise.all([ask("session_status"), ask("sessions_list")]).then(([own, listed]) => {
        const named = [own.d.sessionKey, ...(Array.isArray(listed.d.sessions) ? listed.d.sessions : []).map(s => s && s.key)]
          .filter(k => typeof k === "string");
        const full = named.map(k => /^agent:([^:]+):/.exec(k)).find(m => m);
        const agent = typeof own.d.agentId === "string" ? own.d.agentId : full && full[1];
        const keys = named.map(k => canonical(agent, k));
        console.log(listed.status + " " + [...new Set(keys)].filter(k => /^[A-Za-z0-9_.:+@-]+$/.test(k)).slice(0, 20).join(" ")); });'
    # shellcheck disable=SC2016
    # wrong credentials in a row until one is refused with 429 or answered 2 s late (OpenClaw delays each failure more
    # than the last): how fast a guesser may go, not a status code
    # shellcheck disable=SC2016
    burst='const [url, n] = process.argv.slice(1); const seen = {}; const ms = [];
      (async () => { for (let i = 0; i < Number(n); i++) {
        const t = Date.now();
        try { const r = await fetch(url, { method: "POST", signal: AbortSignal.timeout(15000),
                headers: { "content-type": "application/json", authorization: "Bearer wrong-" + i },
                body: JSON.stringify({ tool: "session_status", args: {} }) }); await r.text(); seen[r.status] = (seen[r.status] || 0) + 1;
              ms.push(Date.now() - t); if (r.status === 429 || Date.now() - t >= 2000) break;
        } catch (e) { seen.error = (seen.error || 0) + 1; break; } }
        console.log(ms.length + " " + Object.entries(seen).map(([k, v]) => k + ":" + v).join(",") + " ms:" + ms.join(",")); })();'
    # every TCP address the gateway's process listens on, but its Telegram webhook's port (when one is configured),
    # which serves the webhook alone
    hook=$(cfg 'if .channels.telegram.webhookUrl then (.channels.telegram.webhookPort // 8787 | tostring) else empty end')
    listeners=$(ss -Hltnp 2>/dev/null | awk -v p="pid=$pid," -v h="${hook:-none}" 'index($0, p) && $4 !~ (":" h "$") { print $4 }' | sort -u)
    [ -n "$listeners" ] || echo "CP-NONE the gateway's process ($pid) listens on no TCP port"
    for l in $listeners; do
      host=${l%:*} port=${l##*:}
      case "$host" in 0.0.0.0|\*) host=127.0.0.1 ;; "[::]") host="[::1]" ;; esac
      url="http://$host:$port/tools/invoke"
      if [ -z "$session" ]; then
        listed=$(cd / && CP_CRED="$cred" timeout 20 "$node" -e "$list" "$url")
        for key in $(echo "$listed" | awk '{ for (i = 2; i <= NF; i++) print $i }'); do
          case $(cd / && CP_CRED="$cred" timeout 20 "$node" -e "$probe" "$url" "$marker" "$key" credential) in
            "200 marker") session=$key; break ;;
          esac
        done
        echo "CP-SESSION $l ${session:-none} $(echo "$listed" | awk '{ print (NF == 0 ? "no-answer 0" : $1 " " NF - 1) }')"
      fi
      echo "CP control root $l $(cd / && CP_CRED="$cred" timeout 20 "$node" -e "$probe" "$url" "$marker" "${session:-none}" credential)"
      for who in "$@"; do
        echo "CP none $who $l $(cd / && timeout 20 runuser -u "$who" -- "$node" -e "$probe" "$url" "$marker" "${session:-none}" none 2>&1 | tail -n 1)"
        echo "CP wrong $who $l $(cd / && timeout 20 runuser -u "$who" -- env CP_CRED="wrong-$token" "$node" -e "$probe" "$url" "$marker" "${session:-none}" credential 2>&1 | tail -n 1)"
      done
      echo "CP-BURST $l $(cd / && timeout 60 runuser -u nobody -- "$node" -e "$burst" "$url" 50 2>&1 | tail -n 1)"
    done
    echo "CP-END" ;;
  sandboxes)
    for c in $(docker ps -aq --filter label=openclaw.sandbox=1 2>/dev/null); do
      docker inspect -f '{{slice .Id 0 12}} {{.HostConfig.NetworkMode}} {{if .Config.User}}{{.Config.User}}{{else}}image-default{{end}} {{.Name}}' "$c" \
        | sed 's|^|SANDBOX |; s| /| |'
    done
    echo "HOSTNAME $(hostname)"
    echo "DOCKERENV $(test -e /.dockerenv && echo yes || echo no)" ;;
  journal)
    journalctl -u "$BILROST_GATEWAY_UNIT" --since "@$1" --no-pager -o cat 2>/dev/null \
      | grep -iE 'error|fail|warn|refus|denied|went wrong|exception|rate.?limit|status=429' | grep -v '^\s*$' | tail -n 10 | sed 's/^/JOURNAL /'
    echo "JOURNAL-END" ;;
  escape-files)
    # only what the hijacked agent's writes are named: other attacks of this run (the secret search's positive
    # controls) carry the token too, and are theirs to remove
    find /etc /tmp /var/tmp /root /home /opt /srv /mnt /workspace "$home" -maxdepth 4 -name "$token-escape-*" 2>/dev/null \
      | while IFS= read -r f; do echo "FOUND $f $(stat -c %U "$f" 2>/dev/null)"; rm -rf -- "$f"; done
    echo "FOUND-END" ;;
  escape-procs)
    for pid in $(pgrep -f -- "$1" 2>/dev/null); do
      [ "$pid" = "$$" ] && continue
      args=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
      # the gateway's own docker client (docker exec …) carries the command too: it is not where the command runs
      case "$args" in *escape-procs*|*pgrep*|docker\ *|*/docker\ *) continue ;; esac
      # a process in another PID namespace than init's runs in a container: the one whose init shares it
      ns=$(readlink "/proc/$pid/ns/pid" 2>/dev/null) where=vm
      if [ -n "$ns" ] && [ "$ns" != "$(readlink /proc/1/ns/pid)" ]; then
        where=container
        for c in $(docker ps -q 2>/dev/null); do
          [ "$(readlink "/proc/$(docker inspect -f '{{.State.Pid}}' "$c")/ns/pid" 2>/dev/null)" = "$ns" ] && where=$c
        done
      fi
      uid=$(stat -c %u "/proc/$pid" 2>/dev/null)
      echo "PROC $pid uid-$uid($(getent passwd "$uid" | cut -d: -f1)) $where"
      kill "$pid" 2>/dev/null
    done
    echo "PROC-END" ;;
  unit-state)
    echo "ACTIVE $(systemctl is-active "$BILROST_GATEWAY_UNIT" 2>/dev/null)"
    echo "RESTARTS $(systemctl show -p NRestarts --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)"
    echo "PID $(systemctl show -p MainPID --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)" ;;
  security-audit)
    if [ -z "$cli" ]; then echo "AUDIT -1 0 the gateway unit names no OpenClaw CLI"; exit 0; fi
    started=$(date +%s)
    # the audit must see what the gateway sees, its unit's environment (a token or password there is its auth):
    # systemd-run gives it that environment as the unit does, reading the environment files itself (the unit's
    # Environment= lines too, through a root-only file), so no value is ever on a command line; where it cannot, the
    # audit runs without them and names what it missed
    unitenv=$(mktemp)
    trap 'rm -f "$unitenv"' EXIT   # it holds the unit's Environment= values: gone however the script ends
    { systemctl show -p Environment --value "$BILROST_GATEWAY_UNIT" 2>/dev/null | tr ' ' '\n'
      printf 'CI=1\nOPENCLAW_NO_AUTO_UPDATE=1\nOPENCLAW_SKIP_CRON=1\n'; } | grep '=' >"$unitenv"
    props=(-p "User=$service" -p "WorkingDirectory=${workdir:-/}")
    groups=$(systemctl show -p SupplementaryGroups --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)
    [ -n "$groups" ] && props+=(-p "SupplementaryGroups=$groups")
    while IFS= read -r f; do
      case "$f" in *"(ignore_errors=yes)") props+=(-p "EnvironmentFile=-${f% (*}") ;; ?*) props+=(-p "EnvironmentFile=${f% (*}") ;; esac
    done < <(systemctl show -p EnvironmentFiles --value "$BILROST_GATEWAY_UNIT" 2>/dev/null)
    props+=(-p "EnvironmentFile=$unitenv")
    out='' rc=127
    if command -v systemd-run >/dev/null; then
      # shellcheck disable=SC2086 # $cli is the unit's program and its script
      out=$(cd / && systemd-run --quiet --wait --pipe --collect "${props[@]}" -- timeout "${1:-150}" $cli security audit --json </dev/null 2>/dev/null)
      rc=$?
    fi
    if [ -z "$out" ] && [ "$rc" != 124 ]; then
      out=$(as_service "timeout ${1:-150} $cli security audit --json" 2>/dev/null); rc=$?
      unseen=$( { systemctl show -p Environment --value "$BILROST_GATEWAY_UNIT" 2>/dev/null | tr ' ' '\n'
        systemctl show -p EnvironmentFiles --value "$BILROST_GATEWAY_UNIT" 2>/dev/null | sed 's/ (.*//; s/^-//' \
          | while IFS= read -r f; do [ -r "$f" ] && cat "$f"; done; } | sed -n 's/^\(export \)\{0,1\}\(OPENCLAW_[A-Za-z0-9_]*\)=.*/\2/p' | sort -u | tr '\n' ' ')
      [ -n "$unseen" ] && echo "AUDIT-UNSEEN $unseen"
    fi
    rm -f "$unitenv"
    echo "AUDIT $rc $(( $(date +%s) - started ))"
    # the JSON starts at its first brace (a release may print a banner first); jq puts it on one line
    json=$(printf '%s\n' "$out" | sed -n '/^{/,$p' | jq -c . 2>/dev/null)
    [ -n "$json" ] && echo "AUDIT-JSON $json" ;;
  leftovers)
    for f in "$keep"/*-openclaw.tar; do
      [ -e "$f" ] || continue
      t=$(basename "$f" -openclaw.tar)
      echo "LEFTOVER $t $(cat "$keep/$t-owner" 2>/dev/null || echo unknown)"
    done
    echo "LEFTOVERS-END" ;;
  restore)
    t=${1:-$token}   # an earlier run's token, for its leftovers
    [ -f "$keep/$t-openclaw.tar" ] || { echo "RESTORE nothing-kept"; exit 0; }
    broken=
    systemctl stop "$BILROST_GATEWAY_UNIT" 2>/dev/null
    if ! grep -qx unknown "$keep/$t-containers" 2>/dev/null; then
      for c in $(docker ps -aq --filter label=openclaw.sandbox=1 2>/dev/null); do
        grep -qx "$c" "$keep/$t-containers" 2>/dev/null || docker rm -f "$c" >/dev/null 2>&1
      done
    fi
    if [ -f "$keep/$t-agents-dir" ]; then
      # the agents share: remove only what was not there, then put back what was
      real=$(cat "$keep/$t-agents-dir")
      tar -tf "$keep/$t-agents.tar" | sed 's|/$||' | LC_ALL=C sort >"$keep/$t-agents-list"
      (cd "$real" && find . -mindepth 1 | LC_ALL=C sort) | LC_ALL=C comm -13 "$keep/$t-agents-list" - \
        | while IFS= read -r f; do rm -rf -- "${real:?}/$f"; done
      tar -C "$real" -xpf "$keep/$t-agents.tar" || broken="the agents share"
      find "$home/.openclaw" -mindepth 1 -maxdepth 1 ! -name agents -exec rm -rf {} + 2>/dev/null
    else
      find "$home/.openclaw" -mindepth 1 -maxdepth 1 -exec rm -rf {} + 2>/dev/null
    fi
    tar -C "$home" -xpf "$keep/$t-openclaw.tar" || broken="${broken:+$broken and }~/.openclaw"
    if [ "$(cat "$keep/$t-unit" 2>/dev/null)" = active ]; then
      systemctl start "$BILROST_GATEWAY_UNIT"
    else
      systemctl reset-failed "$BILROST_GATEWAY_UNIT" 2>/dev/null   # a gateway stopped by SIGTERM may count as failed
    fi
    # what could not be put back stays kept, for the next run to try again
    [ -n "$broken" ] && { echo "RESTORE failed $broken could not be unpacked; kept under $keep"; exit 0; }
    rm -f "$keep/$t-openclaw.tar" "$keep/$t-containers" "$keep/$t-unit" "$keep/$t-agents.tar" "$keep/$t-agents-dir" "$keep/$t-agents-list" "$keep/$t-owner" \
      "$keep/$t-allowlist-config"
    rmdir "$keep" 2>/dev/null
    echo "RESTORE done $(systemctl is-active "$BILROST_GATEWAY_UNIT")" ;;
esac
exit 0
