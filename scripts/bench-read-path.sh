#!/usr/bin/env bash
# Read-path benchmark (issue 16): requests/s of a bureau's figures and report endpoints as a ratio to /health/live
# (the same server, the same run, interleaved), and the report's latency percentiles, with wrk at 64 connections.
# The app runs its embedded defaults (SQLite, Lucene) with the demo data, Release build, on 127.0.0.1 only.
#
#   bash scripts/bench-read-path.sh [rounds=3] [seconds=10] [soak=0]
#
# soak > 0: afterwards, the report endpoint is loaded for that many seconds more and the server's memory (RSS) printed
# every 10 s — whether memory stays flat under load or only the GC's budget grows and falls back.
#
# Needs wrk (Debian: apt-get install wrk). Prints one line per round and endpoint, then the summary with the spread
# (min–max over the rounds) and the server's memory before and after, and the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}" seconds="${2:-10}" soak="${3:-0}"
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 1; }
[ -f src/DistrictPerf.Host/bin/Release/net10.0/DistrictPerf.Host.dll ] || dotnet build src/DistrictPerf.Host -c Release -nologo -clp:ErrorsOnly >/dev/null

data="$(mktemp -d)"
log="$data/host.log"
# From the build folder, as the container image runs it (its appsettings.json: production log levels).
(cd src/DistrictPerf.Host/bin/Release/net10.0 && Database__DataDirectory="$data" Jobs__Server=false ASPNETCORE_ENVIRONMENT=Production \
  exec dotnet DistrictPerf.Host.dll --seed-demo --urls http://127.0.0.1:0) >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$data"' EXIT
url=""
for _ in $(seq 1 120); do
  url="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -1 || true)"
  [ -n "$url" ] && curl -sf "$url/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
[ -n "$url" ] || { cat "$log"; echo "the app did not start" >&2; exit 1; }

token="$(curl -sf -X POST "$url/api/auth/login" -H 'Content-Type: application/json' \
  -d '{"bureauCode":"BY-TZCJ","userName":"editor","password":"Demo@2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])')"
auth="Authorization: Bearer $token"
figures="$url/api/bureau/budgets/2021/figures"
report="$url/api/bureau/reports/2021"
for u in "$figures" "$report"; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "$auth" "$u")" = "200" ] || { echo "$u is not 200" >&2; exit 1; }
done

rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
run() { # name url [auth]
  local out
  if [ -n "${3:-}" ]; then out="$(wrk -t2 -c64 -d"${seconds}s" --latency -H "$3" "$2")"; else out="$(wrk -t2 -c64 -d"${seconds}s" --latency "$2")"; fi
  local rps p50 p99 errors
  rps="$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
  p50="$(echo "$out" | awk '$1=="50%" {print $2}')"
  p99="$(echo "$out" | awk '$1=="99%" {print $2}')"
  errors="$(echo "$out" | grep -E 'Non-2xx|Socket errors' | tr '\n' ' ' || true)"
  echo "$1 $rps $p50 $p99 ${errors:-0 errors}"
}

# Warm-up (JIT, caches, connection pools): not counted.
wrk -t2 -c64 -d3s -H "$auth" "$figures" >/dev/null; wrk -t2 -c64 -d3s -H "$auth" "$report" >/dev/null; wrk -t2 -c64 -d3s "$url/health/live" >/dev/null
rss_before="$(rss)"
results="$data/results"
for r in $(seq 1 "$rounds"); do
  for case in live figures report; do
    case "$case" in
      live) line="$(run live "$url/health/live")" ;;
      figures) line="$(run figures "$figures" "$auth")" ;;
      report) line="$(run report "$report" "$auth")" ;;
    esac
    echo "round $r: $line"
    echo "$r $line" >>"$results"
  done
done
rss_after="$(rss)"

python3 - "$results" <<'EOF'
import sys, collections
rows = [l.split() for l in open(sys.argv[1])]
by = collections.defaultdict(dict)
for r in rows:
    by[r[1]][r[0]] = r
def ms(v):
    return float(v[:-2]) if v.endswith('ms') else float(v[:-2]) / 1000 if v.endswith('us') else float(v[:-1]) * 1000
for name in ('figures', 'report'):
    ratios = [float(by[name][k][2]) / float(by['live'][k][2]) for k in by['live']]
    p99 = [ms(by[name][k][4]) for k in by[name]]
    rps = [float(by[name][k][2]) for k in by[name]]
    print(f"{name}: {sum(rps)/len(rps):,.0f} req/s = {100*sum(ratios)/len(ratios):.1f}% of /health/live "
          f"(rounds {100*min(ratios):.1f}–{100*max(ratios):.1f}%), p99 {min(p99):.1f}–{max(p99):.1f} ms")
live = [float(by['live'][k][2]) for k in by['live']]
print(f"/health/live: {sum(live)/len(live):,.0f} req/s (rounds {min(live):,.0f}–{max(live):,.0f})")
EOF
echo "server memory (RSS): ${rss_before} kB after warm-up, ${rss_after} kB after the rounds"
if [ "$soak" -gt 0 ]; then
  wrk -t2 -c64 -d"${soak}s" -H "$auth" "$report" >"$data/soak" &
  soaker=$!
  samples=""
  for _ in $(seq 10 10 "$soak"); do sleep 10; samples="$samples $(rss)"; done
  wait "$soaker"
  echo "soak: report for ${soak} s, $(awk '/Requests\/sec/ {print $2}' "$data/soak") req/s, $(grep -E 'Non-2xx|Socket errors' "$data/soak" | tr '\n' ' ' || true)RSS every 10 s (kB):$samples"
fi
echo "load: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
