#!/usr/bin/env bash
# The target's Docker networks a container's egress can take, and a listener beside the probe containers. Run as root.
# Usage: container-networks.sh list
#          NETWORK <name> <bridge-interface> <gateway>... for every network with the bridge driver (default and
#          user-defined), then NETWORKS read|unread <why>
#        container-networks.sh listen IMAGE NETWORK NAME TOKEN PORT
#          starts a container of IMAGE on NETWORK that records every TCP connection's first line and every datagram
#          on PORT; prints LISTENER <address> once it listens, or LISTEN-FAILED <why> (bounded wait)
#        container-networks.sh heard NAME TOKEN...
#          waits (bounded) until the listener heard every TOKEN; prints HEARD <proto> <token> per line it got, then
#          removes it
set -u
action=${1:-}
case "$action" in
list)
  if ! names=$(docker network ls --filter driver=bridge --format '{{.Name}}' 2>&1); then
    echo "NETWORKS unread $(printf '%s' "$names" | tr '\n' ' ' | cut -c1-200)"
    exit 0
  fi
  for name in $names; do
    if ! id=$(docker network inspect -f '{{.Id}}' "$name" 2>&1); then
      echo "NETWORKS unread docker network inspect $name: $(printf '%s' "$id" | tr '\n' ' ' | cut -c1-200)"
      exit 0
    fi
    bridge=$(docker network inspect -f '{{json .Options}}' "$name" | grep -o '"com.docker.network.bridge.name":"[^"]*"' | cut -d'"' -f4)
    # Docker names a bridge it was not told a name for br-<first 12 of the id>
    [ -n "$bridge" ] || bridge=br-${id:0:12}
    gateways=$(docker network inspect -f '{{json .IPAM.Config}}' "$name" | grep -o '"Gateway":"[^"]*"' | cut -d'"' -f4 | tr '\n' ' ')
    [ -n "$gateways" ] || gateways=$(ip -4 -o addr show dev "$bridge" 2>/dev/null | awk '{print $4}' | cut -d/ -f1 | tr '\n' ' ')
    echo "NETWORK $name $bridge ${gateways:--}"
  done
  echo "NETWORKS read"
  ;;
listen)
  image=$2 network=$3 name=$4 token=$5 port=$6
  listener='
import socket, sys, threading
port = int(sys.argv[1])
lock = threading.Lock()
def say(proto, data):
    line = "HEARD " + proto + " " + data.decode(errors="replace").strip().split("\n")[0] + "\n"
    with lock:  # the TCP and UDP threads must not interleave their lines
        sys.stdout.write(line)
        sys.stdout.flush()
t = socket.socket(); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); t.bind(("", port)); t.listen(16)
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(("", port))
def udp():
    while True:
        data, _ = u.recvfrom(512); say("udp", data)
threading.Thread(target=udp, daemon=True).start()
print("READY", flush=True)
while True:
    c, _ = t.accept(); c.settimeout(3)
    try:
        say("tcp", c.recv(512))
    except OSError:
        pass
    c.close()
'
  if ! out=$(docker run -d --name "$name" --label "dev.gjallarhorn.run=$token" --network "$network" "$image" python3 -u -c "$listener" "$port" 2>&1); then
    echo "LISTEN-FAILED docker run: $(printf '%s' "$out" | tr '\n' ' ' | cut -c1-200)"
    exit 0
  fi
  for _ in $(seq 1 50); do
    if docker logs "$name" 2>/dev/null | grep -q '^READY'; then
      address=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}' "$name" | awk '{print $1}')
      [ -n "$address" ] && { echo "LISTENER $address"; exit 0; }
      echo "LISTEN-FAILED the listener has no address on $network"; exit 0
    fi
    [ "$(docker inspect -f '{{.State.Running}}' "$name" 2>/dev/null)" = true ] || break
    sleep 0.2
  done
  echo "LISTEN-FAILED the listener did not start: $(docker logs "$name" 2>&1 | tail -3 | tr '\n' ' ' | cut -c1-200)"
  ;;
heard)
  name=$2
  shift 2
  for _ in $(seq 1 25); do
    logs=$(docker logs "$name" 2>/dev/null)
    missing=0
    for t in "$@"; do grep -q " $t\$" <<<"$logs" || missing=1; done
    [ "$missing" = 0 ] && break
    sleep 0.2
  done
  docker logs "$name" 2>/dev/null | grep '^HEARD '
  docker rm -f "$name" >/dev/null 2>&1
  ;;
*)
  echo "usage: container-networks.sh list | listen IMAGE NETWORK NAME TOKEN PORT | heard NAME TOKEN..." >&2
  exit 2
  ;;
esac
