#!/usr/bin/env bash
# Tries to reach the harness's canaries from inside the target, all ports at once.
# Usage: egress-probe.sh TIMEOUT_SECONDS ADDRESS PROTO/PORT/TOKEN...
# Prints one line per attempt:  RESULT PROTO PORT EXIT MILLISECONDS ERROR-TEXT
# TCP connects with bash's /dev/tcp and sends the token; UDP sends the token three times.
# EXIT 0 means the client side saw no error, 124 that it gave up after the timeout. Writes no files.
set -u
timeout_s=$1
address=$2
shift 2

attempt() {
  local proto=$1 port=$2 token=$3 started ended rc err
  started=$(date +%s%N)
  if [ "$proto" = tcp ]; then
    # shellcheck disable=SC2016 # the inner bash's script: its $1 $2 $3 are the arguments after _
    err=$(timeout "$timeout_s" bash -c 'exec 3<>"/dev/tcp/$1/$2" && printf "%s\n" "$3" >&3' _ "$address" "$port" "$token" 2>&1)
  else
    # shellcheck disable=SC2016 # the inner bash's script: its $1 $2 $3 are the arguments after _
    err=$(timeout "$timeout_s" bash -c 'for i in 1 2 3; do printf "%s\n" "$3" >"/dev/udp/$1/$2" || exit $?; sleep 0.2; done' _ "$address" "$port" "$token" 2>&1)
  fi
  rc=$?
  ended=$(date +%s%N)
  printf 'RESULT %s %s %s %s %s\n' "$proto" "$port" "$rc" "$(( (ended - started) / 1000000 ))" "$(printf '%s' "$err" | tr '\n\t' '  ' | cut -c1-200)"
}

for spec in "$@"; do
  IFS=/ read -r proto port token <<<"$spec"
  attempt "$proto" "$port" "$token" &
done
wait
