#!/usr/bin/env bash
# Issue 5: the same HTTP workloads on the embedded single process and on the 3-silo local cluster
# (deploy/local-cluster.sh: PostgreSQL, 3 silos, 2 Client-mode gateways, haproxy), in one session,
# with the ratio cluster / embedded. Targets, each measured the same way:
#   embedded-sqlite   one Gateway process with its embedded silo on SQLite (the default install)
#   embedded-postgres the same process on PostgreSQL (the cluster's database server, own database)
#   cluster-haproxy   the cluster through haproxy (what clients of a deployment see)
#   cluster-direct    the cluster through gateway 1 alone (haproxy's share, by difference)
# Workloads (wrk, bounded time, median of RUNS runs after one unreported warm-up):
#   me       GET /v1/me with a bearer login token (token and user grains)
#   ingest   POST /v1.1/message from DEVICES devices with bearer device tokens (bench/http/ingest.lua)
# Everything listens on 127.0.0.1; everything started is stopped on exit (the cluster by its own
# `down`). Results: docs/benchmarks.md ("Embedded vs. 3-silo cluster over HTTP").
# Usage: bench/http/cluster-compare.sh [duration-seconds=10] [connections=64] [runs=3] [devices=200]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

duration=${1:-10}
connections=${2:-64}
runs=${3:-3}
device_count=${4:-200}
threads=2
embedded_port=${GATEHOUSE_BENCH_PORT:-5183}
for tool in wrk curl jq psql; do
  command -v "$tool" >/dev/null || { echo "cluster-compare.sh: $tool is missing (apt-get install $tool; psql is in postgresql-client)" >&2; exit 1; }
done

work=$(mktemp -d)
# Run as root, the cluster script starts PostgreSQL as the postgres user, which must reach its directory.
chmod 0755 "$work"
export GATEHOUSE_CLUSTER_DIR="$work/cluster"
embedded_pid=
cleanup() {
  [[ -n $embedded_pid ]] && kill "$embedded_pid" 2>/dev/null && wait "$embedded_pid" 2>/dev/null
  deploy/local-cluster.sh down >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build Orleans.sln -c Release -v quiet -nologo >/dev/null
# Budgets lifted for every process: a load driver sends far more per key and device than the defaults allow.
export Gatehouse__RateLimits__PerMinute=1000000000 Gatehouse__RateLimits__PerDay=1000000000
export Logging__LogLevel__Default=Warning
deploy/local-cluster.sh up >"$work/up.log" 2>&1 || { cat "$work/up.log"; exit 1; }
setting() { grep -E "^$1=" "$GATEHOUSE_CLUSTER_DIR/cluster.env" | tail -n 1 | cut -d= -f2-; }
cluster_url=$(setting LB_URL)
gateway1_url="http://127.0.0.1:$(setting GATEWAY_1_HTTP_PORT)"
cluster_password=$(cat "$(setting ADMIN_PASSWORD_FILE)")
pg_port=$(setting PG_PORT)

login() { curl -fsS -X POST "$1/v1/auth/login" -H 'Content-Type: application/json' -d "{\"username\":\"$2\",\"password\":\"$3\"}" | jq -r .accessToken; }

# Creates, on the deployment at $1 (admin password $2), a user with a login token and
# $device_count devices with tokens; writes $work/$3.token and $work/$3.devices.
prepare() {
  local base=$1 password=$2 name=$3 admin owner
  admin=$(login "$base" admin "$password")
  curl -fsS -X POST "$base/v1/users" -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    -d '{"username":"bench-owner","password":"bench-password-1"}' >/dev/null
  owner=$(login "$base" bench-owner bench-password-1)
  echo "$owner" >"$work/$name.token"
  make_device() {
    local id token
    id=$(curl -fsS -X POST "$1/v1/devices" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "{\"name\":\"bench device $3\"}" | jq -r .id)
    token=$(curl -fsS -X POST "$1/v1/devices/$id/tokens" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d '{}' | jq -r .token)
    echo "$id $token"
  }
  export -f make_device
  seq 1 "$device_count" | xargs -P 4 -I{} bash -c "make_device '$base' '$owner' {}" >"$work/$name.devices"
  [[ $(wc -l <"$work/$name.devices") -eq $device_count ]] || { echo "made only $(wc -l <"$work/$name.devices") devices on $name" >&2; exit 1; }
}

start_embedded() {
  local storage=$1 dir="$work/embedded-$1"
  mkdir -p "$dir"
  embedded_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
  local extra=()
  if [[ $storage == postgres ]]; then
    psql -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres -c 'CREATE DATABASE embedded' >/dev/null
    extra=(Gatehouse__Storage__Provider=Postgres
      "Gatehouse__Storage__Postgres__ConnectionString=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=embedded;Maximum Pool Size=40")
  fi
  env Gatehouse__Storage__Sqlite__DataDirectory="$dir" \
    Gatehouse__Bootstrap__AdminPassword="$embedded_password" \
    Gatehouse__Secrets__KeyFile="$dir/master.key" \
    Gatehouse__Sms__OutboxPath="$dir/sms-outbox.jsonl" \
    ASPNETCORE_URLS="http://127.0.0.1:$embedded_port" \
    "${extra[@]}" \
    dotnet Gateway/bin/Release/net10.0/Gatehouse.Gateway.dll >"$dir/gateway.log" 2>&1 &
  embedded_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$embedded_port/readyz" >/dev/null 2>&1 && return 0
    sleep 0.3
  done
  cat "$dir/gateway.log"
  exit 1
}

stop_embedded() {
  kill "$embedded_pid" && wait "$embedded_pid" 2>/dev/null || true
  embedded_pid=
}

# Prints "requests/s p50 p99" (latencies in ms) for one wrk run.
measure() {
  local base=$1 name=$2 workload=$3 seconds=$4 out
  if [[ $workload == me ]]; then
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -H "Authorization: Bearer $(cat "$work/$name.token")" "$base/v1/me")
  else
    out=$(wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s --latency -s bench/http/ingest.lua "$base" -- "$work/$name.devices")
  fi
  if grep -q 'Non-2xx' <<<"$out"; then
    echo "non-2xx answers on $name/$workload:" >&2
    grep 'Non-2xx' <<<"$out" >&2
  fi
  awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { printf "%.0f %.2f %.2f\n", rps, p50, p99 }' <<<"$out"
}

# Runs one target: warm-up, then $runs measured runs per workload; prints a line per run and the medians.
bench_target() {
  local base=$1 name=$2 workload line
  for workload in me ingest; do
    measure "$base" "$name" "$workload" 5 >/dev/null
    : >"$work/$name.$workload.runs"
    for _ in $(seq 1 "$runs"); do
      line=$(measure "$base" "$name" "$workload" "$duration")
      echo "$name $workload run: $line req/s p50 p99 (ms)"
      echo "$line" >>"$work/$name.$workload.runs"
    done
    sort -n -k1 "$work/$name.$workload.runs" | awk -v n="$runs" -v t="$name" -v w="$workload" \
      'NR == int((n + 1) / 2) { printf "MEDIAN %s %s %s %s %s\n", t, w, $1, $2, $3 }' | tee -a "$work/medians"
  done
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: $threads threads, $connections connections, ${duration}s per run, $runs runs, $device_count devices; all on this host"

start_embedded sqlite
prepare "http://127.0.0.1:$embedded_port" "$embedded_password" embedded-sqlite
bench_target "http://127.0.0.1:$embedded_port" embedded-sqlite
stop_embedded

start_embedded postgres
prepare "http://127.0.0.1:$embedded_port" "$embedded_password" embedded-postgres
bench_target "http://127.0.0.1:$embedded_port" embedded-postgres
stop_embedded

prepare "$cluster_url" "$cluster_password" cluster
cp "$work/cluster.token" "$work/cluster-direct.token"
cp "$work/cluster.devices" "$work/cluster-direct.devices"
bench_target "$cluster_url" cluster
bench_target "$gateway1_url" cluster-direct

echo
echo "== medians (req/s, p50 ms, p99 ms) and the ratio to embedded-sqlite / embedded-postgres"
awk '
  { rps[$2 " " $3] = $4; line[NR] = $0 }
  END {
    for (i = 1; i <= NR; i++) {
      split(line[i], f, " ")
      key = f[2] " " f[3]
      printf "%-18s %-7s %8s req/s  p50 %7s ms  p99 %7s ms  vs sqlite %.2fx  vs postgres %.2fx\n",
        f[2], f[3], f[4], f[5], f[6], f[4] / rps["embedded-sqlite " f[3]], f[4] / rps["embedded-postgres " f[3]]
    }
  }' "$work/medians"
