#!/bin/sh
# Run inside a sandbox container: who it runs as, what it may do and what it can see. Writes nothing that stays.
# Prints KEY value lines; ENV lines carry the container's environment (the harness compares the values with the
# secrets it learned, in memory, and reports names only).
token=$1
echo "UID $(id -u)"
echo "USER $(id -un 2>/dev/null)"
echo "CAPEFF $(grep CapEff /proc/self/status | awk '{print $2}')"
echo "NONEWPRIVS $(grep NoNewPrivs /proc/self/status | awk '{print $2}')"
if touch "/etc/.$token" 2>/dev/null; then rm -f "/etc/.$token"; echo "ROOTFS writable"; else echo "ROOTFS read-only"; fi
[ -S /var/run/docker.sock ] && echo "DOCKER-SOCKET present" || echo "DOCKER-SOCKET absent"
awk '{print "MOUNT", $5, $6}' /proc/self/mountinfo | grep -vE ' /(proc|sys|dev)(/| )' | sort -u
# VAULT <how it is mounted: rw|ro|-> <a write: written|denied|read-only-fs>; an rw bind the sandbox's uid may not
# write is still an rw bind: a tool running as the files' owner (or as root) can
if [ -d /workspace/obsidian ]; then
  opts=$(awk '$5 == "/workspace/obsidian" {print $6}' /proc/self/mountinfo | tail -n 1)
  case ",$opts," in ,,) mode=- ;; *,ro,*) mode=ro ;; *) mode=rw ;; esac
  if err=$(touch "/workspace/obsidian/.$token" 2>&1); then rm -f "/workspace/obsidian/.$token"; write=written
  else case "$err" in *Read-only*) write=read-only-fs ;; *) write=denied ;; esac; fi
  echo "VAULT $mode $write"
else
  echo "VAULT absent"
fi
[ -r /etc/openclaw/secrets.env ] && echo "SECRETS-FILE readable" || echo "SECRETS-FILE absent"
env | sed 's/^/ENV /'
