#!/usr/bin/env bash
# Writes the Host's OpenAPI document to src/DistrictPerf.Web/openapi.json, from which the web
# client's request and response types are generated at build. Run it after changing an endpoint;
# OpenApiDocumentTests fails while the committed document differs from the served one.
set -euo pipefail
cd "$(dirname "$0")/.."
data="$(mktemp -d)"
# The Host is built without the web client here: the client may not compile until its document is new.
dotnet build src/DistrictPerf.Host -c Release -nologo -clp:ErrorsOnly -p:NoWebClient=true >/dev/null
log="$data/host.log"
Database__DataDirectory="$data" Jobs__Server=false dotnet run --project src/DistrictPerf.Host -c Release --no-build --no-launch-profile -- --urls http://127.0.0.1:0 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
url=""
for _ in $(seq 1 90); do
  url="$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -1 || true)"
  [ -n "$url" ] && curl -sf "$url/health/live" >/dev/null 2>&1 && break
  sleep 1
done
[ -n "$url" ] || { cat "$log"; echo "the host did not start" >&2; exit 1; }
curl -sf "$url/openapi/v1.json" | python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("servers", None); print(json.dumps(d, ensure_ascii=False, indent=2, sort_keys=True))' > src/DistrictPerf.Web/openapi.json
echo "wrote src/DistrictPerf.Web/openapi.json"
