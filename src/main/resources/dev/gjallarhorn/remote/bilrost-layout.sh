# shellcheck shell=sh # this line is left out in front of a script, which names its own shell
# Bilrost's layout on the target: the fixed facts that every target-side script would otherwise spell again.
# RemoteScript puts this in front of every script it loads (after the script's first line when that is a shebang),
# so it is part of the same program on standard input, not a file on the target. It only defines: no command runs,
# it is POSIX sh and safe under set -eu, and every name starts with BILROST_ / bilrost_ so none meets a script's own.
# shellcheck disable=SC2034 # each script uses the facts it needs, none uses all of them

# The agent's workspace: an overlay whose lower layer is the host share and whose upper layer is below.
readonly BILROST_WORKSPACE=/workspace
# The overlay's upper layer: what the agent changed in the workspace, where the sync gate takes changes from.
readonly BILROST_OVERLAY_UPPER=/var/lib/openclaw/overlay/openclaw/upper
# The Obsidian vault as the agent sees it, inside the workspace.
readonly BILROST_VAULT=/workspace/obsidian
# The systemd unit that runs the OpenClaw gateway as the service user.
readonly BILROST_GATEWAY_UNIT=openclaw-gateway.service
# The gateway's secrets, loaded through the unit's EnvironmentFile=.
readonly BILROST_SECRETS_FILE=/etc/openclaw/secrets.env
# The watcher that keeps the audit trail of the workspace overlay, and its log.
readonly BILROST_OVERLAY_WATCHER_UNIT=overlay-watcher.service
readonly BILROST_OVERLAY_WATCHER_LOG=/var/log/openclaw/overlay-watcher.log

# Prints the service user: User= of the gateway unit, else the owner of the workspace; an empty line when neither
# says (no unit and no workspace); succeeds either way, also under set -e. Runs in a subshell: sets nothing outside.
# shellcheck disable=SC2317 # called by the scripts behind it, by some and not others
bilrost_service_user() (
  user=$(systemctl show -p User --value "$BILROST_GATEWAY_UNIT" 2>/dev/null) || :
  [ -n "$user" ] || user=$(stat -c %U "$BILROST_WORKSPACE" 2>/dev/null) || :
  printf '%s\n' "$user"
)
