#!/usr/bin/env bash
# A Gatehouse cluster on this machine's loopback: a throwaway PostgreSQL, Silo processes,
# Gateway processes in Client mode, and haproxy in front of the gateways. For trying the cluster
# out and for the end-to-end tests; docs/operations.md says how to run one for real.
#
#   deploy/local-cluster.sh up            start everything; prints the URL and where the logs are
#   deploy/local-cluster.sh status        what runs, on which ports, and whether it is ready
#   deploy/local-cluster.sh kill-silo N   SIGKILL silo N (1-based), as a crash would
#   deploy/local-cluster.sh stop-silo N   SIGTERM silo N: it leaves the cluster gracefully
#   deploy/local-cluster.sh start-silo N  start silo N again (after kill-silo or stop-silo: a restart)
#   deploy/local-cluster.sh down          stop everything `up` started and delete its data
#
# Environment (all optional):
#   GATEHOUSE_CLUSTER_DIR        the state directory: pids, ports, logs, the database
#                                (default: $TMPDIR/gatehouse-local-cluster, /tmp when TMPDIR is unset)
#   GATEHOUSE_CLUSTER_SILOS      how many silos (default 3)
#   GATEHOUSE_CLUSTER_GATEWAYS   how many gateways (default 2)
#   GATEHOUSE_CLUSTER_PORT_BASE  take ports from here on instead of free ones: +0 haproxy,
#                                +1 PostgreSQL, +10+N silo N's HTTP, +20+N its transport,
#                                +30+N gateway N's HTTP, +40+N its transport
#   GATEHOUSE_CLUSTER_LB_PORT    haproxy's port (wins over the base)
#   GATEHOUSE_CLUSTER_PG_PORT    PostgreSQL's port (wins over the base)
#   GATEHOUSE_CLUSTER_ADMIN_PASSWORD  the bootstrap administrator's password (default: generated,
#                                written to <state>/admin-password)
#   GATEHOUSE_CLUSTER_READY_TIMEOUT   seconds `up` waits for each stage to become ready (default 120)
#   GATEHOUSE_SILO_DLL, GATEHOUSE_GATEWAY_DLL  the built executables (default: the Release output;
#                                built once with `dotnet build -c Release` when missing)
#   Gatehouse__*                 any other setting reaches every process (README: Configuration);
#                                the cluster's own settings (storage, membership, ports) win.
#
# Everything listens on 127.0.0.1 only. `down` stops only processes whose environment carries
# this cluster's marker, so a reused pid is never killed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state=${GATEHOUSE_CLUSTER_DIR:-${TMPDIR:-/tmp}/gatehouse-local-cluster}
silo_count=${GATEHOUSE_CLUSTER_SILOS:-3}
gateway_count=${GATEHOUSE_CLUSTER_GATEWAYS:-2}
ready_timeout=${GATEHOUSE_CLUSTER_READY_TIMEOUT:-120}
silo_dll=${GATEHOUSE_SILO_DLL:-$repo/Silo/bin/Release/net10.0/Gatehouse.Silo.dll}
gateway_dll=${GATEHOUSE_GATEWAY_DLL:-$repo/Gateway/bin/Release/net10.0/Gatehouse.Gateway.dll}
marker_name=GATEHOUSE_LOCAL_CLUSTER

say() { printf '==> %s\n' "$*"; }
die() { printf 'local-cluster.sh: %s\n' "$*" >&2; exit 1; }

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

# ---- state ------------------------------------------------------------------------------------

# cluster.env holds NAME=value lines, written as `up` goes, so `down` can undo a partial start.
record() {
  printf '%s=%s\n' "$1" "$2" >>"$state/cluster.env"
}

setting() {
  [[ -f $state/cluster.env ]] || return 1
  local line
  line=$(grep -E "^$1=" "$state/cluster.env" | tail -n 1) || return 1
  printf '%s' "${line#*=}"
}

marker() { printf '%s=%s' "$marker_name" "$state"; }

# True when pid $1 is alive and was started by this cluster (its environment carries the marker).
ours() {
  local pid=$1
  [[ $pid =~ ^[0-9]+$ ]] && [[ -r /proc/$pid/environ ]] || return 1
  # A zombie (dead, not yet reaped) has no environment to read, so it counts as gone.
  { tr '\0' '\n' <"/proc/$pid/environ"; } 2>/dev/null | grep -Fxq "$(marker)"
}

pid_of() { cat "$state/run/$1.pid" 2>/dev/null || true; }

# ---- tools ------------------------------------------------------------------------------------

pg_bin_dir() {
  local initdb dir
  if initdb=$(command -v initdb 2>/dev/null); then
    dir=$(dirname "$(readlink -f "$initdb")")
    [[ -x $dir/pg_ctl && -x $dir/postgres ]] && { printf '%s' "$dir"; return; }
  fi
  # Debian keeps the server binaries off PATH, one directory per major version; take the newest.
  dir=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/initdb && -x $dir/pg_ctl && -x $dir/postgres ]] || return 1
  printf '%s' "$dir"
}

# PostgreSQL refuses to run as root; then it runs as Debian's postgres user, from a directory
# that user can enter.
as_postgres() {
  (
    cd "$state/postgres"
    if [[ $(id -u) -eq 0 ]]; then
      exec runuser -u postgres -- "$@"
    fi
    exec "$@"
  )
}

check_tools() {
  local missing=()
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK is not installed (needs 10.0)."
  pg_bin_dir >/dev/null || missing+=(postgresql)
  command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if (( ${#missing[@]} > 0 )); then
    die "missing Debian packages: ${missing[*]}. Install them with:
  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
  fi
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "running as root, and PostgreSQL refuses to, but there is no postgres user to run it as (the postgresql package creates it)."
  fi
}

build_if_missing() {
  [[ -f $silo_dll && -f $gateway_dll ]] && return
  [[ -z ${GATEHOUSE_SILO_DLL:-}${GATEHOUSE_GATEWAY_DLL:-} ]] \
    || die "GATEHOUSE_SILO_DLL or GATEHOUSE_GATEWAY_DLL names a file that does not exist ($silo_dll, $gateway_dll)."
  say "building Silo and Gateway (Release; once, because the output is missing)"
  dotnet build "$repo/Silo" -c Release -nologo -v quiet >"$state/logs/build.log" 2>&1 \
    && dotnet build "$repo/Gateway" -c Release -nologo -v quiet >>"$state/logs/build.log" 2>&1 \
    || { cat "$state/logs/build.log" >&2; die "the build failed (output above)."; }
}

# ---- ports ------------------------------------------------------------------------------------

taken_ports=()

# True when some socket, in any state, has local port $1 (IPv4 or IPv6); read from /proc so it
# needs no ss or netstat.
port_in_use() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p=":$hex" 'FNR > 1 && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# A port nothing uses, below the kernel's ephemeral range so an outgoing connection cannot take it
# before the process binds it. Another program could still take it first; then `up` fails and
# cleans up, and a second try picks other ports.
free_port() {
  local port attempt
  for attempt in $(seq 1 200); do
    port=$(( 20000 + RANDOM % 12000 ))
    [[ " ${taken_ports[*]} " == *" $port "* ]] && continue
    port_in_use "$port" && continue
    taken_ports+=("$port")
    printf '%s' "$port"
    return
  done
  die "no free port found in 20000-31999 after 200 tries."
}

# port NAME OFFSET [EXPLICIT]: the explicit value, else base+offset, else a free port.
pick_port() {
  local explicit=${3:-}
  local port
  if [[ -n $explicit ]]; then
    port=$explicit
  elif [[ -n ${GATEHOUSE_CLUSTER_PORT_BASE:-} ]]; then
    port=$(( GATEHOUSE_CLUSTER_PORT_BASE + $2 ))
  else
    free_port
    return
  fi
  [[ $port =~ ^[0-9]+$ ]] && (( port > 0 && port < 65536 )) || die "$1 port '$port' is not a port number."
  port_in_use "$port" && die "$1 port $port is in use."
  taken_ports+=("$port")
  printf '%s' "$port"
}

# ---- waiting ----------------------------------------------------------------------------------

# wait_ready NAME URL [PID]: polls URL/readyz until it answers 200; fails early when PID dies.
wait_ready() {
  local name=$1 url=$2 pid=${3:-} deadline=$(( SECONDS + ready_timeout )) answer=
  while (( SECONDS < deadline )); do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      printf '%s exited while starting; the end of its log (%s):\n' "$name" "$state/logs/$name.log" >&2
      tail -n 40 "$state/logs/$name.log" >&2 || true
      return 1
    fi
    if answer=$(curl -fsS --max-time 3 "$url/readyz" 2>&1); then
      return 0
    fi
    sleep 0.3
  done
  printf '%s was not ready within %s s (last answer: %s); the end of its log:\n' "$name" "$ready_timeout" "$answer" >&2
  tail -n 40 "$state/logs/$name.log" >&2 || true
  return 1
}

# ---- processes --------------------------------------------------------------------------------

# start_process NAME DLL NAME=VALUE...: runs `dotnet DLL` in <state>/NAME with the given settings
# on top of the caller's environment, output into logs/NAME.log, and records its pid.
start_process() {
  local name=$1 dll=$2
  shift 2
  mkdir -p "$state/$name"
  # The content root is the build output, so the executable reads its appsettings.json as
  # installed; the working directory (relative paths, e.g. ./data/master.key) is its own.
  (
    cd "$state/$name"
    exec env "$(marker)" "$@" dotnet "$dll" --contentRoot "$(dirname "$dll")"
  ) </dev/null >>"$state/logs/$name.log" 2>&1 &
  printf '%s\n' "$!" >"$state/run/$name.pid"
}

common_settings() {
  printf '%s\n' \
    "Gatehouse__Storage__Provider=Postgres" \
    "Gatehouse__Storage__Postgres__ConnectionString=$(setting CONNECTION_STRING)" \
    "Gatehouse__Cluster__Membership=Postgres" \
    "Gatehouse__Silo__ServiceId=local-cluster" \
    "Gatehouse__Silo__Transport__ListenAddress=127.0.0.1" \
    "Gatehouse__Secrets__MasterKey=$(cat "$state/secrets/master-key")" \
    "Gatehouse__Silo__Transport__ClusterSecretFile=$state/secrets/cluster-secret" \
    "Gatehouse__Bootstrap__AdminPassword=$(cat "$state/admin-password")"
}

start_silo() {
  local n=$1 name="silo-$1" settings
  mapfile -t settings < <(common_settings)
  start_process "$name" "$silo_dll" "${settings[@]}" \
    "Gatehouse__Silo__SiloName=$name" \
    "Gatehouse__Silo__Transport__ListenPort=$(setting "SILO_${n}_TRANSPORT_PORT")" \
    "Gatehouse__Sms__OutboxPath=$state/$name/sms-outbox.jsonl" \
    "ASPNETCORE_URLS=http://127.0.0.1:$(setting "SILO_${n}_HTTP_PORT")"
}

start_gateway() {
  local n=$1 name="gateway-$1" settings
  mapfile -t settings < <(common_settings)
  start_process "$name" "$gateway_dll" "${settings[@]}" \
    "Gatehouse__Gateway__Mode=Client" \
    "Gatehouse__Gateway__KnownProxies__0=127.0.0.1" \
    "Gatehouse__Silo__SiloName=$name" \
    "Gatehouse__Silo__Transport__ListenPort=$(setting "GATEWAY_${n}_TRANSPORT_PORT")" \
    "Gatehouse__Sms__OutboxPath=$state/$name/sms-outbox.jsonl" \
    "ASPNETCORE_URLS=http://127.0.0.1:$(setting "GATEWAY_${n}_HTTP_PORT")"
}

# stop_process NAME SIGNAL: signals the recorded process if it is ours, waits (bounded) for it
# to go, and SIGKILLs it when SIGTERM was not enough.
stop_process() {
  local name=$1 signal=$2 pid waited
  pid=$(pid_of "$name")
  [[ -n $pid ]] && ours "$pid" || return 0
  kill "-$signal" "$pid" 2>/dev/null || true
  for waited in $(seq 1 150); do
    ours "$pid" || return 0
    sleep 0.1
  done
  if [[ $signal != KILL ]]; then
    printf 'local-cluster.sh: %s (pid %s) did not stop within 15 s of SIG%s; killing it\n' "$name" "$pid" "$signal" >&2
    kill -KILL "$pid" 2>/dev/null || true
    for waited in $(seq 1 50); do
      ours "$pid" || return 0
      sleep 0.1
    done
  fi
  printf 'local-cluster.sh: %s (pid %s) is still running\n' "$name" "$pid" >&2
  return 1
}

start_postgres() {
  local bin port
  bin=$(pg_bin_dir)
  port=$(setting PG_PORT)
  mkdir -p "$state/postgres"
  [[ $(id -u) -eq 0 ]] && chown postgres: "$state/postgres"
  record PG_BIN "$bin"
  as_postgres "$bin/initdb" -D "$state/postgres/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync \
    >"$state/logs/initdb.log" 2>&1 || { cat "$state/logs/initdb.log" >&2; die "initdb failed (output above)."; }
  # Trust authentication is safe only because the server listens on loopback alone; a real
  # deployment uses passwords or certificates (docs/operations.md).
  as_postgres "$bin/pg_ctl" start -D "$state/postgres/data" -l "$state/postgres/server.log" -w -t 60 \
    -o "-p $port -k $state/postgres -c listen_addresses=127.0.0.1 -c max_connections=250" \
    >"$state/logs/pg_ctl.log" 2>&1 \
    || { cat "$state/postgres/server.log" >&2 2>/dev/null || true; die "PostgreSQL did not start (its log is above)."; }
  as_postgres "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres gatehouse
}

stop_postgres() {
  local bin data=$state/postgres/data
  [[ -f $data/postmaster.pid ]] || return 0
  bin=$(setting PG_BIN) || bin=$(pg_bin_dir)
  if ! as_postgres "$bin/pg_ctl" stop -D "$data" -m fast -w -t 30 >/dev/null 2>&1; then
    local pid
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
    [[ $pid =~ ^[0-9]+$ ]] && kill -KILL "$pid" 2>/dev/null || true
  fi
}

render_haproxy_config() {
  local servers="" n
  for n in $(seq 1 "$gateway_count"); do
    servers+="    server gateway-$n 127.0.0.1:$(setting "GATEWAY_${n}_HTTP_PORT")"$'\n'
  done
  local template
  template=$(<"$repo/deploy/haproxy/haproxy.cfg.template")
  template=${template//@BIND@/127.0.0.1:$(setting LB_PORT)}
  template=${template//@STATS_SOCKET@/$state/run/haproxy.sock}
  template=${template//@GATEWAY_SERVERS@/${servers%$'\n'}}
  printf '%s\n' "$template" >"$state/haproxy.cfg"
  haproxy -c -q -f "$state/haproxy.cfg" >"$state/logs/haproxy-check.log" 2>&1 \
    || { cat "$state/logs/haproxy-check.log" >&2; die "haproxy rejected the rendered configuration (above)."; }
}

start_haproxy() {
  render_haproxy_config
  (
    exec env "$(marker)" haproxy -db -f "$state/haproxy.cfg"
  ) </dev/null >>"$state/logs/haproxy.log" 2>&1 &
  printf '%s\n' "$!" >"$state/run/haproxy.pid"
}

# ---- commands ---------------------------------------------------------------------------------

cmd_up() {
  [[ -e $state/cluster.env ]] && die "$state already holds a cluster; run \`$0 down\` first (or set GATEHOUSE_CLUSTER_DIR)."
  # `down` deletes the state directory, so it must not hold anything else.
  [[ -d $state && -n $(ls -A "$state") ]] && die "$state exists and is not empty; name an empty or new directory in GATEHOUSE_CLUSTER_DIR."
  [[ $silo_count =~ ^[1-9][0-9]?$ && $gateway_count =~ ^[1-9][0-9]?$ ]] || die "GATEHOUSE_CLUSTER_SILOS and GATEHOUSE_CLUSTER_GATEWAYS must be 1-99."
  check_tools
  mkdir -p "$state"
  # From here a failure (or Ctrl+C) takes down whatever was started.
  trap 'status=$?; trap - EXIT; if (( status != 0 )); then echo "local-cluster.sh: up failed; stopping what it started" >&2; teardown; fi; exit $status' EXIT
  trap 'exit 130' INT TERM
  # The postgres user must be able to reach its directory inside.
  chmod 0755 "$state"
  mkdir -p "$state/logs" "$state/run" "$state/secrets"
  chmod 0700 "$state/secrets"
  : >"$state/cluster.env"
  record STATE_DIR "$state"
  record SILOS "$silo_count"
  record GATEWAYS "$gateway_count"

  build_if_missing

  local n lb_port pg_port
  lb_port=$(pick_port haproxy 0 "${GATEHOUSE_CLUSTER_LB_PORT:-}")
  pg_port=$(pick_port PostgreSQL 1 "${GATEHOUSE_CLUSTER_PG_PORT:-}")
  record LB_PORT "$lb_port"
  record LB_URL "http://127.0.0.1:$lb_port"
  record PG_PORT "$pg_port"
  record CONNECTION_STRING "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=gatehouse;Maximum Pool Size=40"
  for n in $(seq 1 "$silo_count"); do
    record "SILO_${n}_HTTP_PORT" "$(pick_port "silo $n HTTP" $(( 10 + n )))"
    record "SILO_${n}_TRANSPORT_PORT" "$(pick_port "silo $n transport" $(( 20 + n )))"
  done
  for n in $(seq 1 "$gateway_count"); do
    record "GATEWAY_${n}_HTTP_PORT" "$(pick_port "gateway $n HTTP" $(( 30 + n )))"
    record "GATEWAY_${n}_TRANSPORT_PORT" "$(pick_port "gateway $n transport" $(( 40 + n )))"
  done

  # One master key for every process: a TOTP seed protected on one silo is read on another.
  (umask 077; head -c 32 /dev/urandom | base64 >"$state/secrets/master-key")
  # Every silo and gateway proves it holds this before its first frame (docs/architecture.md, "Handshake").
  (umask 077; head -c 48 /dev/urandom | base64 -w0 >"$state/secrets/cluster-secret")
  (umask 077; printf '%s' "${GATEHOUSE_CLUSTER_ADMIN_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}" >"$state/admin-password")
  record ADMIN_PASSWORD_FILE "$state/admin-password"

  say "PostgreSQL on 127.0.0.1:$pg_port"
  start_postgres

  say "$silo_count silos"
  for n in $(seq 1 "$silo_count"); do
    start_silo "$n"
  done
  for n in $(seq 1 "$silo_count"); do
    wait_ready "silo-$n" "http://127.0.0.1:$(setting "SILO_${n}_HTTP_PORT")" "$(pid_of "silo-$n")"
  done

  say "$gateway_count gateways (Client mode)"
  for n in $(seq 1 "$gateway_count"); do
    start_gateway "$n"
  done
  for n in $(seq 1 "$gateway_count"); do
    wait_ready "gateway-$n" "http://127.0.0.1:$(setting "GATEWAY_${n}_HTTP_PORT")" "$(pid_of "gateway-$n")"
  done

  say "haproxy on 127.0.0.1:$lb_port"
  start_haproxy
  wait_ready haproxy "http://127.0.0.1:$lb_port" "$(pid_of haproxy)"

  trap - EXIT INT TERM
  say "ready: http://127.0.0.1:$lb_port (admin password in $state/admin-password; logs in $state/logs)"
}

# Stops everything recorded in the state directory, newest first, then deletes the directory.
teardown() {
  local n failed=0
  [[ -d $state ]] || return 0
  stop_process haproxy TERM || failed=1
  for n in $(seq 1 "$(setting GATEWAYS || echo 0)"); do
    stop_process "gateway-$n" TERM || failed=1
  done
  for n in $(seq 1 "$(setting SILOS || echo 0)"); do
    stop_process "silo-$n" TERM || failed=1
  done
  stop_postgres
  if (( failed )); then
    printf 'local-cluster.sh: some processes would not stop; %s is left in place\n' "$state" >&2
    return 1
  fi
  rm -rf "$state"
}

cmd_down() {
  if [[ ! -f $state/cluster.env ]]; then
    say "no cluster in $state"
    return 0
  fi
  say "stopping the cluster in $state"
  teardown
  say "stopped; $state removed"
}

require_cluster() {
  [[ -f $state/cluster.env ]] || die "no cluster in $state (start one with \`$0 up\`)."
}

silo_number() {
  [[ ${1:-} =~ ^[0-9]+$ ]] && (( $1 >= 1 && $1 <= $(setting SILOS) )) \
    || die "name a silo from 1 to $(setting SILOS), for example: $0 kill-silo 2"
}

cmd_kill_silo() {
  require_cluster
  silo_number "${1:-}"
  local pid
  pid=$(pid_of "silo-$1")
  ours "$pid" || die "silo $1 is not running."
  stop_process "silo-$1" KILL
  say "silo $1 (pid $pid) killed"
}

cmd_stop_silo() {
  require_cluster
  silo_number "${1:-}"
  local pid
  pid=$(pid_of "silo-$1")
  ours "$pid" || die "silo $1 is not running."
  stop_process "silo-$1" TERM
  say "silo $1 (pid $pid) stopped"
}

cmd_start_silo() {
  require_cluster
  silo_number "${1:-}"
  ours "$(pid_of "silo-$1")" && die "silo $1 is already running."
  start_silo "$1"
  wait_ready "silo-$1" "http://127.0.0.1:$(setting "SILO_${1}_HTTP_PORT")" "$(pid_of "silo-$1")"
  say "silo $1 ready (pid $(pid_of "silo-$1"))"
}

# One line per process: name, pid (or "-"), URL, and what its /readyz says.
cmd_status() {
  require_cluster
  local name url pid n readiness
  show() {
    name=$1 url=$2
    pid=$(pid_of "$name")
    if [[ -n $pid ]] && ours "$pid"; then
      readiness=$(curl -fsS --max-time 3 -o /dev/null -w '%{http_code}' "$url/readyz" 2>/dev/null || true)
      [[ $readiness == 200 ]] && readiness=ready || readiness="not ready (${readiness:-no answer})"
    else
      pid=- readiness=stopped
    fi
    printf '%-10s %-8s %-24s %s\n' "$name" "$pid" "$url" "$readiness"
  }
  printf '%-10s %-8s %-24s %s\n' NAME PID URL STATE
  show haproxy "$(setting LB_URL)"
  for n in $(seq 1 "$(setting GATEWAYS)"); do
    show "gateway-$n" "http://127.0.0.1:$(setting "GATEWAY_${n}_HTTP_PORT")"
  done
  for n in $(seq 1 "$(setting SILOS)"); do
    show "silo-$n" "http://127.0.0.1:$(setting "SILO_${n}_HTTP_PORT")"
  done
  local pg_state=stopped
  [[ -f $state/postgres/data/postmaster.pid ]] && pg_state=running
  printf '%-10s %-8s %-24s %s\n' postgres "$(head -n 1 "$state/postgres/data/postmaster.pid" 2>/dev/null || echo -)" "127.0.0.1:$(setting PG_PORT)" "$pg_state"
  printf '\nstate: %s (cluster.env: ports and URLs; logs/: one log per process)\n' "$state"
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kill-silo) cmd_kill_silo "${2:-}" ;;
  stop-silo) cmd_stop_silo "${2:-}" ;;
  start-silo) cmd_start_silo "${2:-}" ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
