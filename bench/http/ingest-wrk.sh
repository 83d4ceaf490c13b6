#!/usr/bin/env bash
# Message ingest through the real HTTP gateway, measured with wrk (issue 4's target: at least
# 15,000 messages/s through POST /v1.1/message with bearer device tokens, 1,000 devices, Release
# build, SQLite):
#   POST /v1.1/message {"sdid":…,"data":{4 numeric fields}}   Authorization: bearer <device token>
# round-robin over N devices (bench/http/ingest.lua). Starts the Release gateway on loopback with
# SQLite (synchronous=FULL, the default) in a temporary directory, creates a user, N devices and
# a token for each over HTTP, runs the load for a bounded time, then checks that every
# acknowledged (2xx) message is in the database, and stops everything it started.
#
# Results: docs/benchmarks.md ("Message ingest over HTTP").
# Usage: bench/http/ingest-wrk.sh [duration-seconds=15] [connections=256] [devices=1000] [threads=2]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

duration=${1:-15}
connections=${2:-256}
device_count=${3:-1000}
threads=${4:-2}
port=${GATEHOUSE_BENCH_PORT:-5182}
for tool in wrk curl jq sqlite3; do
  command -v "$tool" >/dev/null || { echo "ingest-wrk.sh: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

# shellcheck source=bench/http/gateway.sh
source bench/http/gateway.sh
admin=$(login admin "$admin_password")
curl -fsS -X POST "$base/v1/users" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"username":"bench-owner","password":"bench-password-1"}' >/dev/null
owner=$(login bench-owner bench-password-1)

echo "creating $device_count devices and their tokens…"
devices="$data/devices.txt"
make_device() {
  local id token
  id=$(curl -fsS -X POST "$base/v1/devices" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d "{\"name\":\"bench device $2\"}" | jq -r .id)
  token=$(curl -fsS -X POST "$base/v1/devices/$id/tokens" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' -d '{}' | jq -r .token)
  echo "$id $token"
}
export -f make_device
export base
seq 1 "$device_count" | xargs -P 4 -I{} bash -c "make_device '$owner' {}" >"$devices"
[[ $(wc -l <"$devices") -eq $device_count ]] || { echo "made only $(wc -l <"$devices") devices"; exit 1; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: ${threads} threads, ${connections} connections, ${duration}s, ${device_count} devices, same host as the gateway"
# One statement is one snapshot: a message is in the inbox or in messages, never both or neither.
count_stored() { sqlite3 "file:$data/messages.db?mode=ro" 'SELECT (SELECT count(*) FROM messages) + (SELECT count(*) FROM message_inbox);'; }
# A first, unreported run warms up the JIT (tiered compilation).
wrk -t"$threads" -c"$connections" -d5s -s bench/http/ingest.lua "$base" -- "$devices" >/dev/null
sleep 1
before=$(count_stored)
echo
echo "== POST /v1.1/message, bearer device tokens, $device_count devices"
wrk -t"$threads" -c"$connections" -d"${duration}s" --timeout 10s --latency -s bench/http/ingest.lua "$base" -- "$devices" | tee "$data/wrk.txt"

# Every acknowledged message must be stored. wrk counts completed requests; requests still in
# flight when it stops may be stored without being counted, so the store may hold more, never fewer.
sleep 1
after=$(count_stored)
requests=$(awk '/requests in/ {print $1}' "$data/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$data/wrk.txt")
acknowledged=$((requests - ${non2xx:-0}))
stored=$((after - before))
echo
echo "acknowledged (2xx): $acknowledged; non-2xx: ${non2xx:-0}; stored during the run: $stored"
if (( stored < acknowledged )); then
  echo "FAILED: $((acknowledged - stored)) acknowledged messages are not in the store" >&2
  exit 1
fi
