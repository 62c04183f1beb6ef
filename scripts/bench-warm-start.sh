#!/usr/bin/env bash
# Warm-start benchmark (issue 16): what the first requests after start-up cost, with the warm-up (Startup:WarmUp,
# the default) and without it, against the same requests repeated (the warm baseline), on a fresh copy of the demo.
#
#   bash scripts/bench-warm-start.sh [starts=3]
#
# Each start: a new data folder with the demo, wait for /health/ready, sign in (the demo bureau's editor and the
# finance bureau's admin), then time (curl, loopback) the first report page read, the first figures read, the first
# legacy-import preview of the reference report and the first host dashboard read, then each of them 5 more times.
# Prints per start "first / median of the next five / warm miss" per request: the warm-up keeps nothing in the read
# cache, so the first read computes its value (a cache miss), as for any bureau; the next five are cache hits; then a
# second session of the editor signs out, which renews the bureau's data version, and each request is sent once more —
# a cache miss with everything warm, the floor for a first read. (The preview and the dashboard are not cached.)
set -euo pipefail
cd "$(dirname "$0")/.."
starts="${1:-3}"
[ -f src/DistrictPerf.Host/bin/Release/net10.0/DistrictPerf.Host.dll ] || dotnet build src/DistrictPerf.Host -c Release -nologo -clp:ErrorsOnly >/dev/null
reference="$PWD/test/TestData/baiyun-investment-promotion-bureau-2021-self-evaluation.txt"

one() { # warm-up on|off
  local data log pid url token auth
  data="$(mktemp -d)"; log="$data/host.log"
  (cd src/DistrictPerf.Host/bin/Release/net10.0 && Database__DataDirectory="$data" Jobs__Server=false Startup__WarmUp="$1" ASPNETCORE_ENVIRONMENT=Production \
    exec dotnet DistrictPerf.Host.dll --seed-demo --urls http://127.0.0.1:0) >"$log" 2>&1 &
  pid=$!
  url=""
  for _ in $(seq 1 120); do
    url="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -1 || true)"
    [ -n "$url" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready")" = "200" ] && break
    sleep 0.5
  done
  token="$(curl -sf -X POST "$url/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"bureauCode":"BY-TZCJ","userName":"editor","password":"Demo@2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')"
  auth="Authorization: Bearer $token"
  host_token="$(curl -sf -X POST "$url/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"bureauCode":"","userName":"admin","password":"Demo@2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')"
  # A second sign-in of the editor: its sign-out renews the bureau's data version, so the read after it is a cache
  # miss with everything warm (the "warm miss" baseline for the first read, which is a miss too).
  other="$(curl -sf -X POST "$url/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"bureauCode":"BY-TZCJ","userName":"editor","password":"Demo@2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')"
  request() {
    case "$1" in
      report) curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$url/api/bureau/reports/2021" ;;
      figures) curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$url/api/bureau/budgets/2021/figures" ;;
      preview) curl -s -o /dev/null -w '%{time_total}' -H "$auth" -F "file=@$reference;type=text/plain" "$url/api/bureau/reports/2021/legacy-import/preview" ;;
      dashboard) curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $host_token" "$url/api/host/dashboard/2021?month=12" ;;
    esac
  }
  local out="warm-up=$1:" cases=(report figures preview dashboard)
  declare -A firsts hits
  for case in "${cases[@]}"; do
    local times=()
    for i in 1 2 3 4 5 6; do times+=("$(request "$case")"); done
    firsts[$case]="${times[0]}"
    hits[$case]="$(python3 -c "import sys,statistics; print(statistics.median(float(x) for x in sys.argv[1:]))" "${times[@]:1}")"
  done
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $other" "$url/api/auth/logout"
  for case in "${cases[@]}"; do
    out="$out $(python3 -c "import sys; a,b,c=(float(x)*1000 for x in sys.argv[1:]); print(f'{a:.1f}/{b:.1f}/{c:.1f}ms', end='')" "${firsts[$case]}" "${hits[$case]}" "$(request "$case")") ($case)"
  done
  echo "$out $(grep -aoE 'Warm-up finished in [0-9]+ ms' "$log" | grep -oE '[0-9]+ ms' | sed 's/^/[warm-up took /; s/$/]/')"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}

for s in $(seq 1 "$starts"); do
  one false
  one true
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
