# Sourced by the bench/http load drivers: starts the Release gateway on loopback with SQLite in a
# temporary directory and a generated administrator password, waits until it is ready, and
# stops it and removes the directory when the sourcing script exits. Request budgets are lifted:
# a load driver sends far more per device, key or user than the defaults allow.
# Sets: base (URL), data (directory), admin_password; defines login USER PASSWORD (prints a token).
# Needs: port (the loopback port to use). Extra gateway settings: GATEHOUSE_BENCH_ENV (space-separated NAME=VALUE).

base="http://127.0.0.1:$port"
data=$(mktemp -d)
gateway_pid=
stop_gateway() {
  [[ -n $gateway_pid ]] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null
  rm -rf "$data"
}
trap stop_gateway EXIT

dotnet build Gateway -c Release -v quiet -nologo >/dev/null
admin_password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
# shellcheck disable=SC2086 # GATEHOUSE_BENCH_ENV is a list of words on purpose
env Gatehouse__Storage__Sqlite__DataDirectory="$data" \
  Gatehouse__Bootstrap__AdminPassword="$admin_password" \
  Gatehouse__Secrets__KeyFile="$data/master.key" \
  Gatehouse__Sms__OutboxPath="$data/sms-outbox.jsonl" \
  Gatehouse__RateLimits__PerMinute=1000000000 \
  Gatehouse__RateLimits__PerDay=1000000000 \
  Logging__LogLevel__Default=Warning \
  ASPNETCORE_URLS="$base" \
  ${GATEHOUSE_BENCH_ENV:-} \
  dotnet Gateway/bin/Release/net10.0/Gatehouse.Gateway.dll >"$data/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/healthz" >/dev/null 2>&1 && break
  sleep 0.3
done
curl -fsS "$base/readyz" >/dev/null || { cat "$data/gateway.log"; exit 1; }

login() { curl -fsS -X POST "$base/v1/auth/login" -H 'Content-Type: application/json' -d "{\"username\":\"$1\",\"password\":\"$2\"}" | jq -r .accessToken; }
