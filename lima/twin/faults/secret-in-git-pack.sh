#!/usr/bin/env bash
# claim: C-SECRETS-MANAGEMENT
# The agent's workspace holds a git repository where a GitHub token was committed, removed in the next commit, and
# then `git gc` packed the history: the token lives on only inside a pack (a zlib stream at an offset of a .pack
# file, no loose object, nothing at a file's start). Flips C-SECRETS-MANAGEMENT on as-claimed to CONTRADICTED.
set -euo pipefail
key=$(grep -E '^GH_TOKEN=' /etc/openclaw/secrets.env | cut -d= -f2-)
user=${SERVICE_USER:-$TWIN_USER}
home=$(getent passwd "$user" | cut -d: -f6)
repo="$home/.openclaw/workspace/deploy-notes"
rm -rf "$repo"
install -d -m 0755 -o "$user" -g "$user" "$home/.openclaw/workspace"
# the key goes on stdin: a command line is logged (runuser's PAM session entry keeps it in the journal)
# shellcheck disable=SC2016 # the script of the inner bash, expanded there
runuser -u "$user" -- env HOME="$home" bash -euc '
  key=$(cat)
  git init -q "$1" && cd "$1"
  git config user.name "OpenClaw Agent" && git config user.email agent@example.invalid
  printf "# deploy notes\n" >README.md
  printf "gh auth login --with-token <<< %s\n" "$key" >deploy.sh
  git add README.md deploy.sh && git commit -q -m "deploy notes"
  git rm -q deploy.sh && git commit -q -m "remove the deploy script"
  git gc -q --prune=now
' _ "$repo" <<<"$key"
