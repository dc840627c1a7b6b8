#!/usr/bin/env bash
# Provisions a Bilrost twin: a Debian machine laid out the way Bilrost's Ansible roles lay out its Lima VM
# (users, sshd, UFW, the overlay at /workspace, secrets.env, the overlay watcher, a Docker engine with the
# openclaw-sandbox image), in one of two profiles:
#
#   as-provisioned  what Bilrost's provisioning really builds, weaknesses included
#   as-claimed      the same machine configured exactly as Bilrost's threat model claims
#
# Usage:
#   provision.sh install                      packages, the Lima-style user, helper scripts (needs the network)
#   provision.sh configure PROFILE [FAULTS]   everything profile-specific; FAULTS is a comma-separated list of
#                                             names from faults/ (works offline, runs at every boot of the twin)
#   provision.sh all PROFILE [FAULTS]         both, for a Lima VM booted from lima/bilrost-twin.yaml
#   provision.sh boot                         configure from /etc/bilrost-twin/selection.env (the container twin)
#
# The container twin runs `install` at image build time and `boot` from bilrost-twin-configure.service.
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LIB=/usr/local/lib/bilrost-twin
STATE_DIR=/run/bilrost-twin
SELECTION=/etc/bilrost-twin/selection.env

# Bilrost's names and paths (bilrost-target.md §1)
TWIN_USER=${TWIN_USER:-${LIMA_CIDATA_USER:-lima}}
TWIN_UID=${TWIN_UID:-501}
SERVICE_USER_CLAIMED=openclaw
UPPER=/var/lib/openclaw/overlay/openclaw/upper
WORK=/var/lib/openclaw/overlay-work/openclaw
LOWER=/mnt/openclaw
SANDBOX_IMAGE=openclaw-sandbox:bookworm-slim
# the pinned OpenClaw gateway and its Node (gjallarhorn mounts it into the container twin; see GatewayRuntime)
RUNTIME=/opt/openclaw-runtime
SECRETS_SOURCE=/mnt/secrets/.openclaw-secrets.env
OBSIDIAN_UPPER=/var/lib/openclaw/overlay/obsidian/upper
OBSIDIAN_WORK=/var/lib/openclaw/overlay-work/obsidian
SYNC_TARGET=/var/lib/bilrost-twin/host-checkout
PACKAGES=(systemd systemd-sysv dbus openssh-server sudo ufw iptables docker.io inotify-tools rsync jq
          ca-certificates iproute2 procps psmisc kmod logrotate less netcat-openbsd rsyslog git libatomic1
          xz-utils zstd bzip2)
# the secrets were set up once and never rotated: the twin's are as old as a long-lived Bilrost VM's
SECRETS_AGE_DAYS=${SECRETS_AGE_DAYS:-400}

log() { printf '[bilrost-twin] %s\n' "$*"; }

home_of() { getent passwd "$1" | cut -d: -f6; }

# ---------------------------------------------------------------------------------------------- install

install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    rm -rf /var/lib/apt/lists/*
  fi
}

install_user() {
  # Lima's default user: named after the host user, the host's UID, home /home/<user>.linux,
  # passwordless sudo (Lima cloud-init); Bilrost's docker role adds it to the docker group.
  if ! id "$TWIN_USER" >/dev/null 2>&1; then
    useradd --uid "$TWIN_UID" --create-home --home-dir "/home/${TWIN_USER}.linux" --shell /bin/bash "$TWIN_USER"
  fi
  printf '%s ALL=(ALL) NOPASSWD:ALL\n' "$TWIN_USER" >/etc/sudoers.d/90-lima-users
  chmod 0440 /etc/sudoers.d/90-lima-users
  getent group docker >/dev/null || groupadd --system docker
  usermod -aG docker "$TWIN_USER"
  install -d -m 0750 -o "$TWIN_USER" -g "$TWIN_USER" "$(home_of "$TWIN_USER")/.openclaw"
  install -d -m 0755 -o "$TWIN_USER" -g "$TWIN_USER" "$(home_of "$TWIN_USER")/.openclaw/workspace"
  install -d -m 0700 -o "$TWIN_USER" -g "$TWIN_USER" "$(home_of "$TWIN_USER")/.ssh"
}

install_helpers() {
  install -d "$LIB"
  if [ "$HERE" != "$LIB" ]; then
    cp -a "$HERE"/. "$LIB"/
  fi
  install -m 0755 "$HERE/bin/overlay-status" /usr/local/bin/overlay-status
  install -m 0755 "$HERE/bin/overlay-reset" /usr/local/bin/overlay-reset
  install -m 0755 "$HERE/bin/sync-gate" /usr/local/bin/sync-gate
  # gitleaks is not packaged for Debian; the twin's scanner answers to its command line
  command -v gitleaks >/dev/null 2>&1 || install -m 0755 "$HERE/bin/gitleaks" /usr/local/bin/gitleaks
}

install_sshd() {
  cat >/etc/ssh/sshd_config.d/bilrost-twin.conf <<'EOF'
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
HostKey /etc/ssh/ssh_host_ed25519_key
# one connection, many channels: the harness multiplexes its probes
MaxSessions 64
MaxStartups 64:30:128
AllowTcpForwarding yes
EOF
  systemctl enable ssh.service >/dev/null 2>&1 || true
}

install_boot_unit() {
  cat >/etc/systemd/system/bilrost-twin-configure.service <<EOF
[Unit]
Description=Bilrost twin: apply the selected profile and faults
ConditionPathExists=$SELECTION
After=docker.service
Wants=docker.service
Before=ssh.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=$LIB/provision.sh boot
StandardOutput=journal+console

[Install]
WantedBy=multi-user.target
EOF
  systemctl enable bilrost-twin-configure.service >/dev/null 2>&1 || true
  # nothing in the twin may reach for the network on its own; the air gap would drop it anyway
  for unit in apt-daily.timer apt-daily-upgrade.timer man-db.timer e2scrub_all.timer fstrim.timer; do
    systemctl mask "$unit" >/dev/null 2>&1 || true
  done
}

do_install() {
  install_packages
  install_user
  install_helpers
  install_sshd
  install_boot_unit
  log "install done"
}

# -------------------------------------------------------------------------------------------- configure

service_user() {
  case "$PROFILE" in
    as-provisioned) echo "$TWIN_USER" ;;   # every Bilrost unit runs User={{ ansible_user }}
    as-claimed) echo "$SERVICE_USER_CLAIMED" ;;  # the threat model's TB3: a non-root service user
  esac
}

configure_identity() {
  grep -q '^OPENCLAW_SANDBOX=' /etc/environment 2>/dev/null || echo 'OPENCLAW_SANDBOX=true' >>/etc/environment
  if [ "$PROFILE" = as-claimed ] && ! id "$SERVICE_USER_CLAIMED" >/dev/null 2>&1; then
    useradd --system --create-home --home-dir /home/openclaw --shell /usr/sbin/nologin "$SERVICE_USER_CLAIMED"
    usermod -aG docker "$SERVICE_USER_CLAIMED"
  fi
  if [ -f /etc/bilrost-twin/authorized_keys ]; then
    local ssh_dir
    ssh_dir="$(home_of "$TWIN_USER")/.ssh"
    install -d -m 0700 -o "$TWIN_USER" -g "$TWIN_USER" "$ssh_dir"
    install -m 0600 -o "$TWIN_USER" -g "$TWIN_USER" /etc/bilrost-twin/authorized_keys "$ssh_dir/authorized_keys"
  fi
  if [ "${REGENERATE_HOST_KEYS:-0}" = 1 ]; then
    rm -f /etc/ssh/ssh_host_*
    ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key
  fi
  # a twin that plays a VM must not look like a container to what runs inside it (OpenClaw reads this file)
  rm -f /.dockerenv
}

configure_secrets() {
  # Bilrost's secrets role: values from the host secrets file (mounted through /mnt/secrets) into
  # /etc/openclaw/secrets.env, a header with source and time, one KEY=VALUE line per non-empty secret.
  install -d -m 0755 -o root -g root /etc/openclaw
  local target=/etc/openclaw/secrets.env
  local generated
  generated=$(date -u -d "$SECRETS_AGE_DAYS days ago" +%Y-%m-%dT%H:%M:%SZ)
  {
    echo "# Source: $SECRETS_SOURCE"
    echo "# Generated: $generated"
    if [ -r "$SECRETS_SOURCE" ]; then grep -E '^[A-Z][A-Z0-9_]*=.+' "$SECRETS_SOURCE" || true; fi
  } >"$target"
  touch -d "$generated" "$target"
  case "$PROFILE" in
    as-provisioned)
      chown "$TWIN_USER:$TWIN_USER" "$target"; chmod 0600 "$target"
      # secrets role: every interactive shell of the user gets every secret
      cat >/etc/profile.d/openclaw-secrets.sh <<'EOF'
if [ -r /etc/openclaw/secrets.env ]; then set -a; . /etc/openclaw/secrets.env; set +a; fi
EOF
      chmod 0644 /etc/profile.d/openclaw-secrets.sh
      grep -q 'openclaw-secrets.sh' /etc/bash.bashrc ||
        echo '[ -r /etc/profile.d/openclaw-secrets.sh ] && . /etc/profile.d/openclaw-secrets.sh' >>/etc/bash.bashrc
      ;;
    as-claimed)
      # "a dedicated env file with 0600 permissions, injected via systemd EnvironmentFile="
      chown root:root "$target"; chmod 0600 "$target"
      rm -f /etc/profile.d/openclaw-secrets.sh
      sed -i '/openclaw-secrets.sh/d' /etc/bash.bashrc
      ;;
  esac
}

configure_overlay() {
  local owner
  owner=$(service_user)
  install -d -m 0755 -o "$owner" -g "$owner" "$UPPER" "$WORK" /workspace
  cat >/etc/systemd/system/workspace.mount <<EOF
[Unit]
Description=OpenClaw workspace overlay (read-only host share + writable upper layer)
DefaultDependencies=no
RequiresMountsFor=/var/lib/openclaw $LOWER

[Mount]
What=overlay
Where=/workspace
Type=overlay
Options=lowerdir=$LOWER,upperdir=$UPPER,workdir=$WORK

[Install]
WantedBy=local-fs.target
EOF
  # Bilrost runs the watcher as the user it audits, logging into a directory that user owns; an audit log the
  # audited identity cannot touch is what "an audit log of all writes" needs, so as-claimed runs it as root
  local auditor=$owner
  [ "$PROFILE" = as-claimed ] && auditor=root
  install -d -m 0755 -o "$auditor" -g "$auditor" /var/log/openclaw
  # Bilrost's watcher (as-provisioned) misses mode changes (no attrib) and, racing inotifywait's recursive watches,
  # files in a directory tree created at once; an audit log of every write (as-claimed) also logs attributes and
  # lists what a new directory already holds when its watch is added
  local execstart="/usr/bin/inotifywait -m -r --timefmt '%%Y-%%m-%%dT%%H:%%M:%%S' --format '%%T %%w%%f %%e' -e create -e modify -e delete -e move $UPPER"
  if [ "$PROFILE" = as-claimed ]; then
    execstart="/bin/sh -c 'exec /usr/bin/inotifywait -m -r --timefmt \"%%Y-%%m-%%dT%%H:%%M:%%S\" --format \"%%T %%w%%f %%e\" -e create -e modify -e delete -e attrib -e move $UPPER | /usr/bin/awk -W interactive -f $LIB/bin/audit-rescan'"
  fi
  cat >/etc/systemd/system/overlay-watcher.service <<EOF
[Unit]
Description=Audit log of writes to the OpenClaw overlay upper layer
Requires=workspace.mount
After=workspace.mount

[Service]
User=$auditor
ExecStart=$execstart
StandardOutput=append:/var/log/openclaw/overlay-watcher.log
Restart=on-failure
RestartSec=5

[Install]
WantedBy=multi-user.target
EOF
  cat >/etc/logrotate.d/openclaw <<'EOF'
/var/log/openclaw/*.log {
    daily
    rotate 7
    compress
    copytruncate
    maxsize 50M
    missingok
}
EOF
  if [ -d /mnt/obsidian ]; then
    # the vault overlay: Bilrost mounts it at /workspace-obsidian, and vault-sync copies the lower in
    install -d -m 0755 -o "$owner" -g "$owner" "$OBSIDIAN_UPPER" "$OBSIDIAN_WORK" /workspace-obsidian
    cat >'/etc/systemd/system/workspace\x2dobsidian.mount' <<EOF
[Unit]
Description=Obsidian vault overlay (read-only host share + writable upper layer)
DefaultDependencies=no
RequiresMountsFor=/var/lib/openclaw /mnt/obsidian

[Mount]
What=overlay
Where=/workspace-obsidian
Type=overlay
Options=lowerdir=/mnt/obsidian,upperdir=$OBSIDIAN_UPPER,workdir=$OBSIDIAN_WORK

[Install]
WantedBy=local-fs.target
EOF
  fi
  systemctl daemon-reload
  systemctl enable workspace.mount overlay-watcher.service >/dev/null 2>&1
  systemctl restart workspace.mount
  if [ -d /mnt/obsidian ]; then systemctl restart 'workspace\x2dobsidian.mount'; fi
  systemctl restart overlay-watcher.service
}

configure_openclaw() {
  # ~/.openclaw/openclaw.json of the service identity, as Bilrost's gateway and sandbox roles leave it
  local user home
  user=$(service_user)
  home=$(home_of "$user")
  install -d -m 0750 -o "$user" -g "$user" "$home/.openclaw"
  install -d -m 0755 -o "$user" -g "$user" "$home/.openclaw/workspace"
  install -m 0640 -o "$user" -g "$user" "$LIB/config/openclaw.$PROFILE.json" "$home/.openclaw/openclaw.json"
  # what Bilrost's fork also sets but the pinned upstream gateway rejects as unknown keys, kept beside the config
  if [ -f "$LIB/config/bilrost-fork.$PROFILE.json" ]; then
    install -m 0640 -o "$user" -g "$user" "$LIB/config/bilrost-fork.$PROFILE.json" "$home/.openclaw/bilrost-fork.json"
  fi
  if [ "$PROFILE" = as-provisioned ]; then
    # gateway role: agent data lives on the host share; Cadence's role writes the Anthropic key into it in plaintext
    # (Bilrost links it; the pinned OpenClaw refuses a symlink on its state path, so the twin bind-mounts it)
    if [ -d /mnt/openclaw-agents ]; then
      install -d -m 0755 -o "$user" -g "$user" "$home/.openclaw/agents"
      mountpoint -q "$home/.openclaw/agents" || mount --bind /mnt/openclaw-agents "$home/.openclaw/agents"
    fi
    install -d -m 0700 -o "$user" -g "$user" "$home/.openclaw/agents/main/agent"
    local key
    key=$(grep -E '^ANTHROPIC_API_KEY=' /etc/openclaw/secrets.env | head -1 | cut -d= -f2-)
    printf '{"profiles":{"anthropic-sandbox":{"type":"api_key","provider":"anthropic","key":"%s"}}}\n' "$key" \
      >"$home/.openclaw/agents/main/agent/auth-profiles.json"
    chown "$user:$user" "$home/.openclaw/agents/main/agent/auth-profiles.json"
    chmod 0600 "$home/.openclaw/agents/main/agent/auth-profiles.json"
  fi
}

configure_dependencies() {
  # Bilrost's gateway role installs the checkout's dependencies in /workspace with `bun install`, as root and not
  # frozen, after deleting the lockfile when node_modules lacks its marker; bun itself comes from curl | bash
  local user home
  user=$(service_user)
  home=$(home_of "$user")
  [ -e /workspace/bun.lockb ] && rm -f /workspace/bun.lockb
  install -d -m 0755 -o root -g root /workspace/node_modules
  touch /workspace/node_modules/.linux-installed
  install -d -m 0755 -o "$user" -g "$user" "$home/.bun" "$home/.bun/bin"
  if [ ! -e "$home/.bun/bin/bun" ]; then
    printf '#!/bin/sh\n# stand-in for bun, which Bilrost installs with curl -fsSL https://bun.sh/install | bash\necho 1.1.0\n' >"$home/.bun/bin/bun"
    chmod 0755 "$home/.bun/bin/bun"; chown "$user:$user" "$home/.bun/bin/bun"
  fi
}

configure_sync_gate() {
  # the host side of the sync gate: a checkout that starts as the host's source tree
  install -d -m 0755 /etc/bilrost-twin "$SYNC_TARGET"
  rsync -a --delete /mnt/openclaw/ "$SYNC_TARGET"/
  case "$PROFILE" in
    as-provisioned) echo 'MODE=bilrost' >/etc/bilrost-twin/sync-gate.conf ;;
    as-claimed) echo 'MODE=claimed' >/etc/bilrost-twin/sync-gate.conf ;;
  esac
}

configure_gateway() {
  # The real OpenClaw gateway (a pinned upstream release, mounted read-only at $RUNTIME), run the way Bilrost's
  # unit runs its checkout: the service identity, the docker group, /workspace as working directory, secrets.env
  # as environment. Deliberate differences: loopback instead of --bind lan; update checks, telemetry and cron off
  # (the twin talks to gjallarhorn's doubles only); a one-time `openclaw doctor --fix` before the first start, as
  # an operator upgrading to this release must run (it imports Bilrost's legacy auth-profiles.json). The unit is
  # not enabled: an attack that needs the gateway starts it and stops it again.
  local user home
  user=$(service_user)
  home=$(home_of "$user")
  local node=$RUNTIME/node/bin/node cli=$RUNTIME/openclaw/node_modules/openclaw/openclaw.mjs
  # the runtime is the twin's scaffolding (bound in by gjallarhorn), not one of Bilrost's shares: say so to the surface
  install -d /etc/bilrost-twin
  echo "$RUNTIME" >/etc/bilrost-twin/scaffolding
  cat >/etc/systemd/system/openclaw-gateway.service <<EOF
[Unit]
Description=OpenClaw gateway
ConditionPathExists=$cli
After=network.target workspace.mount
Requires=workspace.mount

[Service]
User=$user
SupplementaryGroups=docker
WorkingDirectory=/workspace
Environment=HOME=$home
Environment=OPENCLAW_HOME_DIR=$home
Environment=PATH=$RUNTIME/node/bin:$home/.local/bin:$home/.bun/bin:/usr/local/bin:/usr/bin:/bin
Environment=CI=1 OPENCLAW_SKIP_CRON=1 OPENCLAW_NO_AUTO_UPDATE=1 DO_NOT_TRACK=1
EnvironmentFile=-/etc/openclaw/secrets.env
ExecStartPre=/bin/sh -c 'test -e $home/.openclaw/.gjallarhorn-doctor || { $node $cli doctor --fix --non-interactive >/dev/null 2>&1; touch $home/.openclaw/.gjallarhorn-doctor; }'
ExecStart=$node $cli gateway --port 18789
Restart=on-failure
TimeoutStartSec=180

[Install]
WantedBy=multi-user.target
EOF
  systemctl daemon-reload
}

configure_vm_look() {
  # A Lima VM shows no trace of Docker; OpenClaw reads Docker's bind-mounted /etc files as "the gateway runs in a
  # container" and then looks for that container on the sandbox's Docker daemon. Keep their contents, drop the mounts.
  local f content
  for f in /etc/hosts /etc/hostname /etc/resolv.conf; do
    if findmnt -rn "$f" >/dev/null 2>&1; then
      content=$(cat "$f")
      umount "$f" && printf '%s\n' "$content" >"$f"
    fi
  done
  rm -f /.dockerenv
}

configure_docker() {
  install -d /etc/docker
  cat >/etc/docker/daemon.json <<'EOF'
{ "log-driver": "json-file", "log-opts": { "max-size": "50m", "max-file": "3" } }
EOF
  install -d /etc/systemd/journald.conf.d
  printf '[Journal]\nSystemMaxUse=200M\n' >/etc/systemd/journald.conf.d/bilrost.conf
  cat >/etc/systemd/system/openclaw-sandbox-image.service <<EOF
[Unit]
Description=Provide the $SANDBOX_IMAGE image for the OpenClaw tool sandbox
After=docker.service
Requires=docker.service

[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=$LIB/provision.sh sandbox-image
EOF
  systemctl daemon-reload
  systemctl start --no-block openclaw-sandbox-image.service
}

provide_sandbox_image() {
  if docker image inspect "$SANDBOX_IMAGE" >/dev/null 2>&1; then return 0; fi
  if [ -f "$LIB/openclaw-sandbox.tar" ]; then
    docker load -q -i "$LIB/openclaw-sandbox.tar" >/dev/null
    docker tag "$(cat "$LIB/openclaw-sandbox.ref")" "$SANDBOX_IMAGE"
  else
    # a Lima VM has a registry: build it the way Bilrost's fallback does
    docker build -q --build-arg BASE=debian:bookworm-slim -t "$SANDBOX_IMAGE" "$LIB/sandbox-image" >/dev/null
  fi
}

configure_firewall() {
  # Bilrost's firewall role, rule for rule: reset, deny both ways by default, then the allowlist.
  ufw --force reset >/dev/null
  ufw default deny incoming >/dev/null
  ufw default deny outgoing >/dev/null
  ufw allow in on lo >/dev/null
  ufw allow out on lo >/dev/null
  ufw allow in 18789/tcp >/dev/null
  ufw allow in 22/tcp >/dev/null
  ufw allow out 53/udp >/dev/null
  ufw allow out 53/tcp >/dev/null
  ufw allow out 443/tcp >/dev/null
  if [ "$PROFILE" = as-provisioned ]; then
    ufw allow out 80/tcp >/dev/null     # not in the threat model's "HTTPS, DNS and Tailscale"
  fi
  ufw allow out to 100.64.0.0/10 >/dev/null   # the tailnet
  ufw allow out 41641/udp >/dev/null           # Tailscale's WireGuard port
  if [ "$PROFILE" = as-provisioned ]; then
    ufw allow out 123/udp >/dev/null    # NTP, not in the threat model either
  fi
  ufw logging on >/dev/null
  ufw --force enable >/dev/null
  if [ "$PROFILE" = as-claimed ]; then
    # containers on Docker's bridges leave through FORWARD, which UFW's outgoing policy never sees; the claim
    # ("only HTTPS, DNS and Tailscale leave the VM") holds for them only with the same allowlist in DOCKER-USER
    local bridge
    for bridge in docker0 br-+; do
      iptables -I DOCKER-USER -i "$bridge" ! -o "$bridge" -m comment --comment bilrost-egress -j DROP
      iptables -I DOCKER-USER -i "$bridge" -p udp --dport 41641 -m comment --comment bilrost-egress -j RETURN
      iptables -I DOCKER-USER -i "$bridge" -p tcp --dport 53 -m comment --comment bilrost-egress -j RETURN
      iptables -I DOCKER-USER -i "$bridge" -p udp --dport 53 -m comment --comment bilrost-egress -j RETURN
      iptables -I DOCKER-USER -i "$bridge" -p tcp --dport 443 -m comment --comment bilrost-egress -j RETURN
      iptables -I DOCKER-USER -i "$bridge" -d 100.64.0.0/10 -m comment --comment bilrost-egress -j RETURN
    done
  fi
}

apply_faults() {
  local fault
  IFS=',' read -r -a list <<<"${FAULTS:-}"
  for fault in "${list[@]}"; do
    [ -n "$fault" ] || continue
    if [ ! -f "$LIB/faults/$fault.sh" ]; then
      log "unknown fault: $fault"; return 1
    fi
    log "applying fault $fault"
    TWIN_USER=$TWIN_USER SERVICE_USER=$(service_user) PROFILE=$PROFILE bash "$LIB/faults/$fault.sh"
  done
}

do_configure() {
  case "$PROFILE" in
    as-provisioned | as-claimed) ;;
    *) log "unknown profile '$PROFILE' (as-provisioned or as-claimed)"; return 2 ;;
  esac
  install -d "$STATE_DIR"
  echo "configuring" >"$STATE_DIR/state"
  trap 'echo "failed: ${STEP:-?} (line $LINENO)" >"$STATE_DIR/state"' ERR
  STEP=vm-look configure_vm_look
  STEP=identity configure_identity
  STEP=secrets configure_secrets
  STEP=overlay configure_overlay
  STEP=openclaw configure_openclaw
  STEP=dependencies configure_dependencies
  STEP=sync-gate configure_sync_gate
  STEP=gateway configure_gateway
  STEP=docker configure_docker
  STEP=firewall configure_firewall
  STEP=faults apply_faults
  printf 'profile=%s\nfaults=%s\n' "$PROFILE" "${FAULTS:-}" >"$STATE_DIR/selection"
  echo "ready" >"$STATE_DIR/state"
  log "configured $PROFILE${FAULTS:+ with faults $FAULTS}"
}

case "${1:-}" in
  install) do_install ;;
  configure) PROFILE=${2:?profile}; FAULTS=${3:-}; do_configure ;;
  all) PROFILE=${2:?profile}; FAULTS=${3:-}; do_install; do_configure; provide_sandbox_image ;;
  boot)
    # shellcheck disable=SC1090
    . "$SELECTION"
    PROFILE=${PROFILE:?selection.env has no PROFILE}; FAULTS=${FAULTS:-}
    do_configure ;;
  sandbox-image) provide_sandbox_image ;;
  *) echo "usage: $0 install | configure PROFILE [FAULTS] | all PROFILE [FAULTS] | boot | sandbox-image" >&2; exit 2 ;;
esac
