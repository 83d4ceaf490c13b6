#!/usr/bin/env bash
# Identity hot paths through the real HTTP gateway, measured with wrk (issue 3's targets):
#   1. Authorization: Bearer <login token>      GET /v1/me
#   2. Authorization: Basic keyId:keySecret    GET /v1/me   (WoTKit keys; no KDF per request)
#      and the same key as Authorization: Bearer id.secret
#   3. Authorization: Basic username:password  GET /v1/me   (pays PBKDF2 at the default cost; for contrast)
# Starts the Release gateway on loopback with SQLite in a temporary directory, creates the
# credentials over HTTP, runs each load for a bounded time, stops everything it started.
#
# Results: docs/benchmarks.md ("Identity over HTTP").
# Usage: bench/http/identity-wrk.sh [duration-seconds=15] [connections=64] [threads=2]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

duration=${1:-15}
connections=${2:-64}
threads=${3:-2}
port=${GATEHOUSE_BENCH_PORT:-5181}
for tool in wrk curl jq; do
  command -v "$tool" >/dev/null || { echo "identity-wrk.sh: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

# shellcheck source=bench/http/gateway.sh
source bench/http/gateway.sh
admin=$(login admin "$admin_password")
curl -fsS -X POST "$base/v1/users" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d '{"username":"bench-user","password":"bench-password-1"}' >/dev/null
user=$(login bench-user bench-password-1)
key=$(curl -fsS -X POST "$base/v1/keys" -H "Authorization: Bearer $user" -H 'Content-Type: application/json' -d '{"name":"bench"}')
basic_key=$(printf '%s:%s' "$(jq -r .id <<<"$key")" "$(jq -r .secret <<<"$key")" | base64 -w0)
basic_password=$(printf 'bench-user:bench-password-1' | base64 -w0)

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "wrk: ${threads} threads, ${connections} connections, ${duration}s per run, same host as the gateway"
run() {
  local name=$1 header=$2 conns=${3:-$connections}
  echo
  echo "== $name"
  curl -fsS "$base/v1/me" -H "$header" >/dev/null || { echo "warm-up request failed"; exit 1; }
  wrk -t"$threads" -c"$conns" -d"${duration}s" --timeout 10s --latency -H "$header" "$base/v1/me"
}
# A first, unreported run warms up the JIT (tiered compilation) so the runs compare fairly.
wrk -t"$threads" -c"$connections" -d5s -H "Authorization: Bearer $user" "$base/v1/me" >/dev/null
wrk -t"$threads" -c"$connections" -d5s -H "Authorization: Basic $basic_key" "$base/v1/me" >/dev/null
run "Bearer login token, GET /v1/me" "Authorization: Bearer $user"
run "Basic keyId:keySecret, GET /v1/me" "Authorization: Basic $basic_key"
run "Bearer API key (id.secret), GET /v1/me" "Authorization: Bearer $(jq -r .key <<<"$key")"
# One user's password checks run one at a time in that user's grain, each paying the KDF; a few
# connections show the per-request cost without piling up a queue.
run "Basic username:password (PBKDF2 600,000), GET /v1/me" "Authorization: Basic $basic_password" 2
