#!/usr/bin/env bash
# Run inside a sandbox container as the container's own user (docker exec without -u, as a tool runs): who it runs
# as, what it may do and what it can reach. Writes nothing that stays. Needs bash and python3 (OpenClaw's sandbox
# needs python3 for its file tools).
# Usage: sandbox-inside.sh TOKEN [ADDRESS...]   ADDRESS: the VM's own addresses, asked for a Docker API on TCP
# Prints, one line each:
#   UID <uid>, USER <name>, CAPEFF|CAPPRM|CAPBND|CAPAMB <hex>, NONEWPRIVS <0|1>, SECCOMP <0|1|2>, APPARMOR <label|->
#   ROOTFS writable|read-only|writable-by-root <dir>   a write to the root filesystem where this user may write (a
#        directory it owns, else a world-writable one, else /): EROFS means read-only; EACCES at / means the mount
#        is writable and only permissions stopped this user (the kernel reports EROFS first on a read-only mount)
#   ROOTFS-NOT-RUN <why>
#   SOCKET <path> <answer>        every unix socket outside /proc and /sys, with its answer to GET /_ping:
#        answers (a Docker API) | denied | refused | silent | other
#   SOCKET-SEARCH done|timeout, SOCKET-CONTROL found|missed|unplanted <why>   a socket of our own planted first
#   DOCKER-HOST <value|->
#   DOCKER-TCP <address> <port> answers|refused|unreachable|tls-refused|not-docker|timeout|error
#   DOCKER-API-NOT-RUN <why>      python3 missing: no socket or port could be asked
#   MOUNT, VAULT, VAULT-SUBMOUNT, SECRETS-FILE, ENV lines (the harness compares ENV values with the secrets it learned, in memory,
#   and reports names only)
set -u
token=$1
shift
uid=$(id -u)
echo "UID $uid"
echo "USER $(id -un 2>/dev/null || echo -)"
for field in CapEff CapPrm CapBnd CapAmb NoNewPrivs Seccomp; do
  value=$(awk -v k="$field:" '$1 == k {print $2}' /proc/self/status 2>/dev/null)
  [ -n "$value" ] && echo "$(tr '[:lower:]' '[:upper:]' <<<"$field") $value"
done
label=$(tr -d '\0' </proc/self/attr/current 2>/dev/null)
echo "APPARMOR ${label:--}"

# ROOTFS: candidates on the root filesystem only (same device as /: a bind or tmpfs mount point is not the root)
root_dev=$(stat -c %d / 2>/dev/null)
try_root_write() {
  local dir=$1 probe="$1/.gj-rootfs-$token" err
  if err=$( { : >"$probe"; } 2>&1 ); then
    rm -f "$probe"; echo "ROOTFS writable $dir"; return 0
  fi
  case "$err" in
    *"Read-only file system"*) echo "ROOTFS read-only $dir"; return 0 ;;
    *"Permission denied"*) return 1 ;;
    *) echo "ROOTFS-NOT-RUN a write in $dir failed: $(tr '\n' ' ' <<<"$err")"; return 0 ;;
  esac
}
on_root_fs() { [ "$(stat -c %d "$1" 2>/dev/null)" = "$root_dev" ]; }
rootfs_done=
for dir in $( { timeout 10 find / -xdev -type d -user "$uid" 2>/dev/null; timeout 10 find / -xdev -type d -perm -0002 2>/dev/null; } \
    </dev/null | grep -v '[[:space:]]' | head -n 400); do
  on_root_fs "$dir" || continue
  if try_root_write "$dir"; then rootfs_done=yes; break; fi
done
if [ -z "$rootfs_done" ]; then
  err=$( { : >"/.gj-rootfs-$token"; } 2>&1 ) && { rm -f "/.gj-rootfs-$token"; echo "ROOTFS writable /"; rootfs_done=yes; }
  if [ -z "$rootfs_done" ]; then
    case "$err" in
      *"Read-only file system"*) echo "ROOTFS read-only /" ;;
      *"Permission denied"*) echo "ROOTFS writable-by-root /" ;;
      *) echo "ROOTFS-NOT-RUN a write in / failed: $(tr '\n' ' ' <<<"$err")" ;;
    esac
  fi
fi

# Any Docker API within reach: DOCKER_HOST, a unix socket anywhere, tcp/2375 and tcp/2376 on the VM's addresses
echo "DOCKER-HOST ${DOCKER_HOST:--}"
if command -v python3 >/dev/null 2>&1; then
  control=
  for dir in /tmp /var/tmp /dev/shm "${HOME:-/nonexistent}"; do
    { [ -d "$dir" ] && [ -w "$dir" ]; } || continue
    control="$dir/.gj-$token.sock"
    python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$control" </dev/null 2>/dev/null && break
    control=
  done
  sockets=$(timeout 25 find / \( -path /proc -o -path /sys \) -prune -o -type s -print 2>/dev/null </dev/null)
  [ $? -eq 124 ] && echo "SOCKET-SEARCH timeout" || echo "SOCKET-SEARCH done"
  if [ -z "$control" ]; then echo "SOCKET-CONTROL unplanted no writable directory for a socket of our own"
  elif grep -qxF "$control" <<<"$sockets"; then echo "SOCKET-CONTROL found $control"
  else echo "SOCKET-CONTROL missed $control"; fi
  [ -n "$control" ] && rm -f "$control"
  gateway=$(awk '$2 == "00000000" {print $3; exit}' /proc/net/route 2>/dev/null)
  [ -n "$gateway" ] && gateway=$(printf '%d.%d.%d.%d' "0x${gateway:6:2}" "0x${gateway:4:2}" "0x${gateway:2:2}" "0x${gateway:0:2}")
  found=$( { grep -vxF "${control:-/nonexistent}" <<<"$sockets"; for known in /var/run/docker.sock /run/docker.sock; do
    [ -S "$known" ] && echo "$known"; done; } | grep -v '^$' | sort -u | head -n 200)
  GJ_SOCKETS=$found python3 - "${DOCKER_HOST:-}" 127.0.0.1 ${gateway:+"$gateway"} "$@" <<'PY'
import concurrent.futures, errno, os, socket, ssl, sys

docker_host, addresses = sys.argv[1], sys.argv[2:]
PING = b"GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"

def answer(sock):
    sock.sendall(PING)
    data = b""
    while len(data) < 4096:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return "answers" if head.startswith(b"HTTP/1.") and body.strip() == b"OK" else "not-docker"

def ask_unix(path):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(3)
    try:
        s.connect(path)
        return answer(s)
    except PermissionError:
        return "denied"
    except ConnectionRefusedError:
        return "refused"
    except socket.timeout:
        return "silent"
    except OSError:
        return "other"
    finally:
        s.close()

def ask_tcp(address, port, tls):
    try:
        s = socket.create_connection((address, port), timeout=3)
    except socket.timeout:
        return "timeout"
    except ConnectionRefusedError:
        return "refused"
    except OSError as e:
        return "unreachable" if e.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH, errno.EADDRNOTAVAIL) else "error"
    try:
        s.settimeout(3)
        if tls:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            try:
                s = context.wrap_socket(s)
            except (ssl.SSLError, OSError):
                return "tls-refused"
        try:
            return answer(s)
        except (ssl.SSLError, ConnectionResetError):
            return "tls-refused" if tls else "not-docker"
        except socket.timeout:
            return "not-docker"
        except OSError:
            return "not-docker"
    finally:
        s.close()

paths = [line for line in os.environ.get("GJ_SOCKETS", "").split("\n") if line]
if docker_host.startswith("unix://") and docker_host[7:] not in paths:
    paths.append(docker_host[7:])
targets = [(a, p, p == 2376) for a in dict.fromkeys(addresses) if a for p in (2375, 2376)]
if docker_host.startswith("tcp://"):
    hostport = docker_host[6:].split("/")[0]
    host, _, port = hostport.rpartition(":")
    if host and port.isdigit():
        targets.append((host.strip("[]"), int(port), int(port) == 2376))
with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
    unix = {p: pool.submit(ask_unix, p) for p in paths}
    tcp = {t: pool.submit(ask_tcp, *t) for t in targets}
    for p, f in unix.items():
        print("SOCKET", p.replace(" ", "\\040"), f.result())
    for (a, p, _), f in tcp.items():
        print("DOCKER-TCP", a, p, f.result())
PY
else
  echo "DOCKER-API-NOT-RUN python3 is not in the sandbox image"
  for known in /var/run/docker.sock /run/docker.sock; do [ -S "$known" ] && echo "SOCKET $known unasked"; done
fi

awk '{print "MOUNT", $5, $6}' /proc/self/mountinfo | grep -vE ' /(proc|sys|dev)(/| )' | sort -u
# VAULT <how it is mounted: rw|ro|-> <a write: written|denied|read-only-fs>; an rw bind the sandbox's uid may not
# write is still an rw bind: a tool running as the files' owner (or as root) can
if [ -d /workspace/obsidian ]; then
  opts=$(awk '$5 == "/workspace/obsidian" {print $6}' /proc/self/mountinfo | tail -n 1)
  case ",$opts," in ,,) mode=- ;; *,ro,*) mode=ro ;; *) mode=rw ;; esac
  if err=$( { : >"/workspace/obsidian/.$token"; } 2>&1 ); then rm -f "/workspace/obsidian/.$token"; write=written
  else case "$err" in *Read-only*) write=read-only-fs ;; *) write=denied ;; esac; fi
  echo "VAULT $mode $write"
  # VAULT-SUBMOUNT <path> <rw|ro> <written|denied|read-only-fs>: every mount below the vault (a bind nested in it
  # takes its own mode, whatever the top says), written the same way, the file removed at once
  # (a bound file is opened for append and given nothing)
  awk '$5 ~ "^/workspace/obsidian/" {print $5, $6}' /proc/self/mountinfo | sort -u -k1,1 | while read -r enc opts; do
    at=$(printf '%b' "$(printf '%s' "$enc" | sed 's/\\\([0-7][0-7][0-7]\)/\\0\1/g')")
    case ",$opts," in *,ro,*) smode=ro ;; *) smode=rw ;; esac
    if [ -d "$at" ]; then probe="$at/.$token"; err=$( { : >"$probe"; } 2>&1 ) && rm -f "$probe"
    else err=$( { : >>"$at"; } 2>&1 ); fi
    if [ -z "$err" ]; then swrite=written; else case "$err" in *Read-only*) swrite=read-only-fs ;; *) swrite=denied ;; esac; fi
    echo "VAULT-SUBMOUNT $enc $smode $swrite"
  done
else
  echo "VAULT absent"
fi
[ -r /etc/openclaw/secrets.env ] && echo "SECRETS-FILE readable" || echo "SECRETS-FILE absent"
env | sed 's/^/ENV /'
