#!/usr/bin/env bash
# Sends one tokened packet per spec to ADDRESS, all at once: ICMP, any other IP protocol, or TCP/UDP from a given
# source port. The sender is what the machine has: perl (core Socket), else python3, else ping (an ICMP echo only).
# Usage: packet-probe.sh TIMEOUT_SECONDS ADDRESS SOURCE_ADDRESS SPEC...   (every packet is sent from SOURCE_ADDRESS)
#   SPEC: icmp/TYPE/CODE/TOKEN | ip/PROTOCOL/-/TOKEN | tcp/SPORT/DPORT/TOKEN | udp/SPORT/DPORT/TOKEN
# Prints one line per spec:  PACKET KIND A B TOKEN EXIT MILLISECONDS TOOL STAGE ERRNO MESSAGE
#   STAGE: sent, or where it failed (socket, bind, connect, send, timeout, tool); EXIT 0 = sent. Writes no files.
set -u
timeout_s=$1
address=$2
source_address=$3
shift 3

read -r -d '' PERL_SENDER <<'PERL'
use strict; use warnings; use Socket;
my ($kind, $a, $b, $token, $dst, $src) = @ARGV;
$| = 1;
sub out { my ($stage, $err) = @_; my $n = defined $err ? $err + 0 : 0; my $t = defined $err ? "$err" : "";
  $t =~ s/\s+/ /g; print "$stage $n $t\n"; exit($stage eq 'sent' ? 0 : 1); }
sub cksum { my $d = shift; $d .= "\0" if length($d) % 2; my $s = 0; $s += $_ for unpack('n*', $d);
  $s = ($s >> 16) + ($s & 0xffff); $s += $s >> 16; return ~$s & 0xffff; }
my $s;
if ($kind eq 'icmp') {
  my $body = pack('CCnnn', $a, $b, 0, $$ & 0xffff, 1) . $token;
  my $ok = socket($s, PF_INET, SOCK_RAW, 1); my $err = $!;
  if ($ok) { substr($body, 2, 2) = pack('n', cksum($body)); }
  elsif ($a == 8) { $ok = socket($s, PF_INET, SOCK_DGRAM, 1); $err = $!; }   # a ping socket: the kernel sets id and checksum
  out('socket', $err) unless $ok;
  bind($s, pack_sockaddr_in(0, inet_aton($src))) or out('bind', $!);
  send($s, $body, 0, pack_sockaddr_in(0, inet_aton($dst))) or out('send', $!);
  out('sent');
}
if ($kind eq 'ip') {
  my $p = $a =~ /^\d+$/ ? $a : getprotobyname($a);
  out('socket', "unknown protocol $a") unless defined $p;
  socket($s, PF_INET, SOCK_RAW, $p) or out('socket', $!);
  bind($s, pack_sockaddr_in(0, inet_aton($src))) or out('bind', $!);
  send($s, $token, 0, pack_sockaddr_in(0, inet_aton($dst))) or out('send', $!);
  out('sent');
}
my $stream = $kind eq 'tcp';
socket($s, PF_INET, $stream ? SOCK_STREAM : SOCK_DGRAM, 0) or out('socket', $!);
setsockopt($s, SOL_SOCKET, SO_REUSEADDR, 1);
bind($s, pack_sockaddr_in($a, inet_aton($src))) or out('bind', $!);
my $to = pack_sockaddr_in($b, inet_aton($dst));
if ($stream) {
  connect($s, $to) or out('connect', $!);
  send($s, "$token\n", 0) or out('send', $!);
} else {
  for my $i (1 .. 3) { send($s, "$token\n", 0, $to) or out('send', $!); select(undef, undef, undef, 0.2); }
}
out('sent');
PERL

read -r -d '' PYTHON_SENDER <<'PYTHON'
import socket, struct, sys, time
kind, a, b, token, dst, src = sys.argv[1:7]
def out(stage, err=None):
    n = getattr(err, 'errno', None) or 0
    print(stage, n, ' '.join(str(err).split()) if err is not None else '')
    sys.exit(0 if stage == 'sent' else 1)
def cksum(d):
    if len(d) % 2: d += b'\0'
    s = sum(struct.unpack('!%dH' % (len(d) // 2), d)); s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
data = token.encode()
if kind == 'icmp':
    body = struct.pack('!BBHHH', int(a), int(b), 0, 0, 1) + data
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_RAW, 1)
        body = body[:2] + struct.pack('!H', cksum(body)) + body[4:]
    except OSError as e:
        if int(a) != 8: out('socket', e)
        try: s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 1)
        except OSError as e2: out('socket', e2)
    try: s.bind((src, 0))
    except OSError as e: out('bind', e)
    try: s.sendto(body, (dst, 0))
    except OSError as e: out('send', e)
    out('sent')
if kind == 'ip':
    try: p = int(a) if a.isdigit() else socket.getprotobyname(a)
    except OSError as e: out('socket', e)
    try: s = socket.socket(socket.AF_INET, socket.SOCK_RAW, p)
    except OSError as e: out('socket', e)
    try: s.bind((src, 0))
    except OSError as e: out('bind', e)
    try: s.sendto(data, (dst, 0))
    except OSError as e: out('send', e)
    out('sent')
try: s = socket.socket(socket.AF_INET, socket.SOCK_STREAM if kind == 'tcp' else socket.SOCK_DGRAM)
except OSError as e: out('socket', e)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try: s.bind((src, int(a)))
except OSError as e: out('bind', e)
try:
    if kind == 'tcp':
        s.connect((dst, int(b)))
    else:
        for i in range(3):
            s.sendto(data + b'\n', (dst, int(b))); time.sleep(0.2)
except OSError as e: out('connect' if kind == 'tcp' else 'send', e)
if kind == 'tcp':
    try: s.sendall(data + b'\n')
    except OSError as e: out('send', e)
out('sent')
PYTHON

if command -v perl >/dev/null 2>&1; then tool=perl
elif command -v python3 >/dev/null 2>&1; then tool=python3
elif command -v ping >/dev/null 2>&1; then tool=ping
else tool=none
fi

attempt() {
  local kind=$1 a=$2 b=$3 token=$4 started ended rc out
  send
  # every sender of a pass starts at once: on a busy machine one can fail to even start within the bound; it gets
  # one more try of its own once the others are done (a packet the first try sent anyway is still counted)
  if [ "$rc" = 124 ]; then wait_for_siblings; send; fi
  printf 'PACKET %s %s %s %s %s %s %s %s\n' "$kind" "$a" "$b" "$token" "$rc" "$(( (ended - started) / 1000000 ))" "$tool" "$out"
}

# waits (bounded by the sender's own bound) until no other sender of this pass is running
wait_for_siblings() {
  local waited=0
  while [ "$waited" -lt "$timeout_s" ] && [ "$(pgrep -c -P "$$" 2>/dev/null || echo 0)" -gt 1 ]; do sleep 1; waited=$((waited + 1)); done
}

# one try: sets started, ended, rc and out (one line) in the caller's locals
send() {
  started=$(date +%s%N)
  case $tool in
    perl) out=$(timeout "$timeout_s" perl -e "$PERL_SENDER" "$kind" "$a" "$b" "$token" "$address" "$source_address" 2>&1); rc=$? ;;
    python3) out=$(timeout "$timeout_s" python3 -c "$PYTHON_SENDER" "$kind" "$a" "$b" "$token" "$address" "$source_address" 2>&1); rc=$? ;;
    ping)
      if [ "$kind" = icmp ] && [ "$a" = 8 ] && [ "${#token}" -le 16 ]; then
        out=$(timeout "$timeout_s" ping -n -c 1 -W 1 -s 48 -p "$(printf '%s' "$token" | od -An -tx1 | tr -d ' \n')" "$address" 2>&1)
        rc=$?
        if [ "$rc" -le 1 ]; then out="sent 0 ping exit $rc"; rc=0; else out="send 0 $(printf '%s' "$out" | tail -n 1)"; fi
      else
        out="tool 0 no perl or python3 here, and ping sends only an ICMP echo"; rc=1
      fi ;;
    *) out="tool 0 no perl, python3 or ping here"; rc=1 ;;
  esac
  ended=$(date +%s%N)
  out=$(printf '%s' "$out" | tail -n 1 | tr '\n\t' '  ' | cut -c1-200)
  [ "$rc" = 124 ] && out="timeout 0 gave up after ${timeout_s}s"
  [ -z "$out" ] && out="send 0 the sender printed nothing (exit $rc)"
  return 0
}

for spec in "$@"; do
  IFS=/ read -r kind a b token <<<"$spec"
  attempt "$kind" "$a" "$b" "$token" &
done
wait
