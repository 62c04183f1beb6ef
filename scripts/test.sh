#!/usr/bin/env bash
# Runs every DistrictPerf test on a fresh machine: installs what is missing, builds,
# runs the unit, architecture, integration and browser suites, smoke-tests the README run command
# and checks the deployment files. Last line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
RESULTS="$ROOT/TestResults"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- prerequisites -------------------------------------------------------------------
if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet SDK not found; installing from Debian packages" >&2
  apt-get update -qq && apt-get install -y -qq dotnet-sdk-10.0 >/dev/null
fi
if ! command -v curl >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq curl >/dev/null
fi
# Browser tests drive Debian's Chromium (no browser download is possible); the font renders Chinese.
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei"; then
  (apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-microhei) >/dev/null 2>&1 || echo "could not install chromium" >&2
fi

# --- build ---------------------------------------------------------------------------
dotnet tool restore >/dev/null
# Packages exactly as committed in the packages.lock.json files (locked mode; CI=true makes every later
# implicit restore locked as well). A mismatch means a lock file was not updated with its project.
export CI="${CI:-true}"
if ! dotnet restore DistrictPerf.sln --locked-mode -nologo -clp:ErrorsOnly; then
  echo "restore failed: a packages.lock.json does not match its project (or the SDK changed)."
  echo "Update them with: dotnet restore DistrictPerf.sln --force-evaluate, review and commit (docs/operations.md)."
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
# Vulnerability audit, reported on its own: advisories never fail the build (NU1901-NU1904 are warnings),
# they are listed here for a person to act on; an unreachable package source only prints a note.
echo "=== audit: packages with known vulnerabilities (informational)"
audit="$(dotnet list DistrictPerf.sln package --vulnerable --include-transitive 2>&1)"
if echo "$audit" | grep -q "has the following vulnerable packages"; then
  echo "$audit" | grep -E "has the following vulnerable packages|^\s+>|^\s+\[" | head -60
elif echo "$audit" | grep -q "has no vulnerable packages"; then
  echo "  no known vulnerable packages"
else
  echo "  audit not available:"; echo "$audit" | tail -3 | sed 's/^/    /'
fi
if ! dotnet build DistrictPerf.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

# --- test suites ---------------------------------------------------------------------
status=0
# The API probe (ApiProbeTests) writes its figures here; they are printed after the integration suite.
export DISTRICTPERF_PROBE_REPORT="$RESULTS/api-probe.txt"
for project in test/DistrictPerf.UnitTests test/DistrictPerf.ArchitectureTests test/DistrictPerf.IntegrationTests test/DistrictPerf.BrowserTests; do
  name="$(basename "$project")"
  echo "=== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$RESULTS" 2>&1 | grep -E "^\s+(Passed|Failed|Skipped) |Error Message|Failed!|Passed!|error" || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  if [ "$name" = "DistrictPerf.IntegrationTests" ] && [ -f "$DISTRICTPERF_PROBE_REPORT" ]; then
    sed 's/^/  /' "$DISTRICTPERF_PROBE_REPORT"
  fi
done

# --- smoke: the README run command serves /health/ready ------------------------------
smoke_passed=0 smoke_failed=0
echo "=== smoke: README run command"
SMOKE_DATA="$(mktemp -d)"
Database__DataDirectory="$SMOKE_DATA" dotnet run --project src/DistrictPerf.Host -c Release --no-build \
  -- --seed-demo --urls http://127.0.0.1:0 >"$RESULTS/smoke.log" 2>&1 &
SMOKE_PID=$!
url=""
for _ in $(seq 1 120); do
  url="$(grep -oE 'URL: +http://127\.0\.0\.1:[0-9]+' "$RESULTS/smoke.log" | grep -oE 'http://[0-9.:]+' | head -1 || true)"
  [ -n "$url" ] && break
  sleep 1
done
# Ready once the warm-up has run (a few seconds after the URL is printed).
ready=""
if [ -n "$url" ]; then
  for _ in $(seq 1 60); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/health/ready")" = "200" ] && { ready=1; break; }
    sleep 1
  done
fi
if [ -n "$ready" ] \
   && curl -s -X POST "$url/api/auth/login" -H 'Content-Type: application/json' \
        -d '{"bureauCode":"BY-TZCJ","userName":"editor","password":"Demo@2026"}' | grep -q accessToken \
   && curl -s "$url/budgets/lines?year=2021" | grep -q 'blazor.webassembly' \
   && [ "$(curl -s -o /dev/null -w '%{http_code}' "$url/_framework/blazor.webassembly.js")" = "200" ]; then
  echo "  Passed smoke: $url/health/ready = 200, the demo editor signs in, the web application is served"
  smoke_passed=1
else
  echo "  Failed smoke: the app did not serve /health/ready (log below)"
  tail -40 "$RESULTS/smoke.log"
  smoke_failed=1
  status=1
fi
kill "$SMOKE_PID" 2>/dev/null; wait "$SMOKE_PID" 2>/dev/null
rm -rf "$SMOKE_DATA"

# --- deployment files: yamllint, helm lint, rendered objects against the API schemas ---
echo "=== deploy: Dockerfile, k8s/, helm/"
deploy_log="$(bash scripts/check-deploy.sh 2>&1)"
echo "$deploy_log" | grep -v '^deploy: '
deploy_passed="$(echo "$deploy_log" | grep -oE '^deploy: [0-9]+ passed' | grep -oE '[0-9]+' || echo 0)"
deploy_failed="$(echo "$deploy_log" | grep -oE '[0-9]+ failed$' | grep -oE '[0-9]+' || echo 1)"
[ "${deploy_failed:-1}" -eq 0 ] || status=1

# --- totals --------------------------------------------------------------------------
passed=$((smoke_passed + ${deploy_passed:-0})) failed=$((smoke_failed + ${deploy_failed:-1})) skipped=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(echo "$counters" | grep -oE ' passed="[0-9]+"' | grep -oE '[0-9]+')"
  f="$(echo "$counters" | grep -oE ' failed="[0-9]+"' | grep -oE '[0-9]+')"
  t="$(echo "$counters" | grep -oE ' total="[0-9]+"' | grep -oE '[0-9]+')"
  e="$(echo "$counters" | grep -oE ' executed="[0-9]+"' | grep -oE '[0-9]+')"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
if [ "$passed" -eq 0 ]; then status=1; fi
[ "$failed" -eq 0 ] || status=1
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
