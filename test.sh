#!/usr/bin/env bash
# Runs every test in the solution. Installs what the tests need first when it is missing, so a
# fresh Debian machine with the .NET SDK needs nothing else. Extra arguments go to `dotnet test`
# (for example: ./test.sh --filter "FullyQualifiedName~Gateway").
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

say() { printf '==> %s\n' "$*"; }
die() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null 2>&1 \
  || die "the .NET SDK is not installed (needs 10.0; see https://learn.microsoft.com/dotnet/core/install/linux-debian)."

# Debian packages the tests need, each with how to tell it is there:
#  - postgresql: tests start throwaway servers from Debian's binaries (initdb, postgres).
#  - zbar-tools: zbarimg, an independent QR decoder that reads the TOTP enrollment QR codes back.
#  - curl, jq: ApiWalkthroughTests runs the curl walkthrough in docs/api.md as written.
#  - chromium: ConsentBrowserTests drives the OAuth2 consent page in Debian's Chromium through
#    Playwright (whose NuGet package brings its own driver); no browser is ever downloaded.
#  - haproxy: ClusterEndToEndTests runs deploy/local-cluster.sh, which puts haproxy in front of
#    the gateways.
have_postgres() {
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || command -v initdb >/dev/null 2>&1
}
have_zbar() {
  command -v zbarimg >/dev/null 2>&1
}
have_curl() {
  command -v curl >/dev/null 2>&1
}
have_jq() {
  command -v jq >/dev/null 2>&1
}
have_chromium() {
  [[ -x /usr/bin/chromium ]]
}
have_haproxy() {
  command -v haproxy >/dev/null 2>&1 || [[ -x /usr/sbin/haproxy ]]
}

missing=()
have_postgres || missing+=(postgresql)
have_zbar || missing+=(zbar-tools)
have_curl || missing+=(curl)
have_jq || missing+=(jq)
have_chromium || missing+=(chromium)
have_haproxy || missing+=(haproxy)

if (( ${#missing[@]} > 0 )); then
  if [[ $(id -u) -ne 0 ]]; then
    die "missing Debian packages (${missing[*]}), and installing them needs root. Run:
  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}
then run ./test.sh again."
  fi
  say "installing ${missing[*]} (apt-get)"
  apt_log=$(mktemp)
  trap 'rm -f "$apt_log"' EXIT
  # Quiet on success; on failure show apt's own output, which says why.
  if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    cat "$apt_log" >&2
    die "could not install ${missing[*]} (output above)."
  fi
  have_postgres || die "postgresql was installed but initdb is still not found."
  have_zbar || die "zbar-tools was installed but zbarimg is still not found."
  have_curl || die "curl was installed but is still not found."
  have_jq || die "jq was installed but is still not found."
  have_chromium || die "chromium was installed but /usr/bin/chromium is still not found."
  have_haproxy || die "haproxy was installed but is still not found."
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Playwright uses /usr/bin/chromium; it must never try to fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

say "dotnet test Orleans.sln -c Release $*"
log=$(mktemp)
trap 'rm -f "$log" "${apt_log:-}"' EXIT
status=0
dotnet test Orleans.sln -c Release "$@" 2>&1 | tee "$log" || status=$?

# Again, with every grain call forced through the wire serializer, as calls between silos will
# be: it catches arguments and results that only work by reference in-process.
if [[ $# -eq 0 ]]; then
  say "dotnet test tests/Identity.Tests -c Release --no-build (GATEHOUSE_TEST_SERIALIZE_ALL_CALLS=1)"
  GATEHOUSE_TEST_SERIALIZE_ALL_CALLS=1 dotnet test tests/Identity.Tests -c Release --no-build 2>&1 | tee -a "$log" || status=$?
fi

# dotnet test prints one result line per test project, scattered between build output; gather
# them so the run ends with the answer.
echo
say "summary"
grep -E '^[[:space:]]+Failed [^!]' "$log" || true
grep -E '^(Passed|Failed|Skipped)!' "$log" || echo "(no test results reported; see the output above)"
if [[ $status -eq 0 ]]; then
  say "all tests passed"
else
  say "FAILED (dotnet test exit code $status)"
fi
exit "$status"
