#!/usr/bin/env bash
# claim: C-SECRETS-MANAGEMENT
# The login user committed a .env with an API key to a git repository in their home and removed it in the next
# commit: the working tree is clean, but the key lives on in the repository's zlib-compressed loose objects. Flips
# C-SECRETS-MANAGEMENT on as-claimed to CONTRADICTED: a search of files as they are, or of compressed files by their
# suffix, never reads it.
set -euo pipefail
key=$(grep -E '^OPENAI_API_KEY=' /etc/openclaw/secrets.env | cut -d= -f2-)
home=$(getent passwd "${TWIN_USER:?}" | cut -d: -f6)
repo="$home/projects/agent-tools"
rm -rf "$repo"
install -d -m 0755 -o "$TWIN_USER" -g "$TWIN_USER" "$home/projects"
# the key goes on stdin: a command line is logged (runuser's PAM session entry keeps it in the journal)
# shellcheck disable=SC2016 # the script of the inner bash, expanded there
runuser -u "$TWIN_USER" -- env HOME="$home" bash -euc '
  key=$(cat)
  git init -q "$1" && cd "$1"
  git config user.name "Lima User" && git config user.email lima@example.invalid
  printf "print(\"agent tools\")\n" >tool.py
  printf "OPENAI_API_KEY=%s\n" "$key" >.env
  git add tool.py .env && git commit -q -m "agent tools"
  git rm -q .env && printf ".env\n" >.gitignore && git add .gitignore && git commit -q -m "stop committing .env"
' _ "$repo" <<<"$key"
