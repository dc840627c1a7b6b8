#!/usr/bin/env bash
# A stand-in for Bilrost's host-side scripts/sync-gate.sh, written for gjallarhorn's twin from the behaviour that
# bilrost-target.md §C5 describes (Bilrost's script itself is not copied here). It runs on the host, reaches the VM
# through limactl (or gjallarhorn's limactl shim), and does what Bilrost's gate does:
#   1. extract: the ssh settings read from `limactl show-ssh --format=config` the way Bilrost's extract_changes
#      reads them (one case-sensitive grep -E per field: Hostname, Port, User, IdentityFile; under set -euo
#      pipefail a field spelt otherwise ends the gate), the upper layer's files counted through `limactl shell`
#      (none: nothing to sync, exit 0), then rsync -avz --delete of the upper layer over ssh with those settings
#      into a staging directory, stderr discarded (a failed extract ends the script: set -e)
#   2. validate: an extension denylist (.env .pem .key .p12 .pfx .jks .keystore .secret .credentials) over regular
#      files only (find -type f) fails; files over 10 MB only warn; gitleaks detect --source=STAGING --no-git
#      fails on a finding, and when gitleaks is not installed the gate warns and goes on; ELF, Mach-O and
#      executable files only warn; extensions outside an expected list only warn
#   3. preview: what rsync --ignore-existing would copy to the host
#   4. apply (not with --dry-run): the host path of /mnt/openclaw from lima/openclaw-sandbox.generated.yaml, then
#      rsync -av --ignore-existing STAGING/ HOST/ (changes to files the host already has are never applied)
# There is no path allowlist. Usage: sync-gate.sh [--dry-run] [--auto]     exit 0 = passed (applied or previewed)
set -euo pipefail
VM_NAME=openclaw-sandbox
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BOOTSTRAP_DIR=$(dirname "$SCRIPT_DIR")
GENERATED="$BOOTSTRAP_DIR/lima/$VM_NAME.generated.yaml"
UPPER=/var/lib/openclaw/overlay/openclaw/upper
MAX_SIZE=$((10 * 1024 * 1024))
BLOCKED_EXTENSIONS=(.env .pem .key .p12 .pfx .jks .keystore .secret .credentials)
EXPECTED_EXTENSIONS="ts js mjs cjs json md txt yml yaml toml sh css html"
DRY_RUN=0
AUTO=0
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY_RUN=1 ;;
    --auto) AUTO=1 ;;
    -h | --help) echo "usage: $0 [--dry-run] [--auto]"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

if ! limactl list --json 2>/dev/null | grep -q "\"name\":\"$VM_NAME\".*\"status\":\"Running\""; then
  echo "ERROR: VM $VM_NAME is not running" >&2
  exit 1
fi
STAGING=$(mktemp -d)
trap 'rm -rf "$STAGING"' EXIT

echo "Extracting changes from $VM_NAME..."
ssh_config=$(limactl show-ssh --format=config "$VM_NAME" 2>/dev/null)
ssh_host=$(echo "$ssh_config" | grep -E "^\s*Hostname\s+" | head -1 | awk '{print $2}')
ssh_port=$(echo "$ssh_config" | grep -E "^\s*Port\s+" | head -1 | awk '{print $2}')
ssh_user=$(echo "$ssh_config" | grep -E "^\s*User\s+" | head -1 | awk '{print $2}')
ssh_key=$(echo "$ssh_config" | grep -E "^\s*IdentityFile\s+" | head -1 | awk '{print $2}' | tr -d '"')
file_count=$(limactl shell "$VM_NAME" -- find "$UPPER" -type f 2>/dev/null | wc -l | tr -d ' ')
if [ "$file_count" -eq 0 ]; then
  echo "No pending changes in the overlay."
  exit 0
fi
echo "Found $file_count changed files."
rsync -avz --delete -e "ssh -p $ssh_port -i $ssh_key -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null" \
  "$ssh_user@$ssh_host:$UPPER/" "$STAGING/" 2>/dev/null

echo "Validating..."
failed=0
for ext in "${BLOCKED_EXTENSIONS[@]}"; do
  while IFS= read -r f; do
    echo "BLOCKED: ${f#"$STAGING"/} (blocked extension $ext)"
    failed=1
  done < <(find "$STAGING" -name "*$ext" -type f)
done
while IFS= read -r f; do
  echo "WARNING: ${f#"$STAGING"/} is larger than 10 MB"
done < <(find "$STAGING" -type f -size +"${MAX_SIZE}"c)
if command -v gitleaks >/dev/null 2>&1; then
  if ! gitleaks detect --source="$STAGING" --no-git --no-banner; then
    echo "BLOCKED: gitleaks found secrets"
    failed=1
  fi
else
  echo "WARNING: gitleaks is not installed; skipping the secret scan"
fi
while IFS= read -r f; do
  magic=$(head -c 4 "$f" | od -An -tx1 | tr -d ' \n')
  case "$magic" in
    7f454c46 | feedface | feedfacf | cefaedfe | cffaedfe) echo "WARNING: ${f#"$STAGING"/} is a binary" ;;
    *) [ -x "$f" ] && echo "WARNING: ${f#"$STAGING"/} is executable" ;;
  esac
done < <(find "$STAGING" -type f)
while IFS= read -r f; do
  base=${f##*/}
  ext=${base##*.}
  [ "$ext" = "$base" ] && continue
  case " $EXPECTED_EXTENSIONS " in *" $ext "*) ;; *) echo "WARNING: ${f#"$STAGING"/} has an unexpected extension (.$ext)" ;; esac
done < <(find "$STAGING" -type f)
if [ "$failed" -ne 0 ]; then
  echo "Sync gate FAILED: nothing was applied"
  exit 1
fi

HOST=$(awk '/location:/ { loc = $0; sub(/.*location:[ \t]*/, "", loc); gsub(/["\047]/, "", loc) }
            /mountPoint:/ { mp = $0; sub(/.*mountPoint:[ \t]*/, "", mp); gsub(/["\047 ]/, "", mp); if (mp == "/mnt/openclaw") { print loc; exit } }' "$GENERATED")
HOST=${HOST/#\~/$HOME}
[ -n "$HOST" ] || { echo "ERROR: no /mnt/openclaw location in $GENERATED" >&2; exit 1; }
echo "Preview (what $HOST would get):"
rsync -a --ignore-existing --dry-run --out-format='  %n' "$STAGING/" "$HOST/"
if [ "$DRY_RUN" -eq 1 ]; then
  echo "Dry run: nothing applied."
  exit 0
fi
if [ "$AUTO" -ne 1 ]; then
  read -r -p "Apply these changes to $HOST? [y/N] " answer
  [ "$answer" = y ] || { echo "Not applied."; exit 0; }
fi
rsync -av --ignore-existing "$STAGING/" "$HOST/"
echo "Applied."
