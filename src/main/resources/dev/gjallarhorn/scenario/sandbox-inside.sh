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
if [ -d /workspace/obsidian ]; then
  if touch "/workspace/obsidian/.$token" 2>/dev/null; then rm -f "/workspace/obsidian/.$token"; echo "VAULT writable"; else echo "VAULT read-only"; fi
else
  echo "VAULT absent"
fi
[ -r /etc/openclaw/secrets.env ] && echo "SECRETS-FILE readable" || echo "SECRETS-FILE absent"
env | sed 's/^/ENV /'
