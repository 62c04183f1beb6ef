#!/usr/bin/env bash
# Warm-start benchmark (issue 16): what the first requests after start-up cost, with the warm-up (Startup:WarmUp,
# the default) and without it, against the same requests repeated (the warm baseline), on a fresh copy of the demo.
#
#   bash scripts/bench-warm-start.sh [starts=3]
#
# Each start: a new data folder with the demo, wait for /health/ready, sign in, then time (curl, loopback) the first
# report page read, the first figures read and the first legacy-import preview of the reference report, then each of
# them 5 more times. Prints per start "first / median of the next five" per request.
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
  local out="warm-up=$1:"
  for case in report figures preview; do
    local times=()
    for i in 1 2 3 4 5 6; do
      case "$case" in
        report) t="$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$url/api/bureau/reports/2021")" ;;
        figures) t="$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" "$url/api/bureau/budgets/2021/figures")" ;;
        preview) t="$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" -F "file=@$reference;type=text/plain" "$url/api/bureau/reports/2021/legacy-import/preview")" ;;
      esac
      times+=("$t")
    done
    out="$out $(python3 -c "import sys,statistics; t=[float(x)*1000 for x in sys.argv[1:]]; print(f'{sys.argv[0] if False else \"\"}{t[0]:.1f}/{statistics.median(t[1:]):.1f}ms', end='')" "${times[@]}") ($case)"
  done
  echo "$out"
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
}

for s in $(seq 1 "$starts"); do
  one false
  one true
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
