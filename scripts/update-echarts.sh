#!/usr/bin/env bash
# Copies dist/echarts.min.js of the pinned npm package into the web application (served by the app, no CDN).
set -euo pipefail
cd "$(dirname "$0")/.."
version="${1:-6.1.0}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "echarts@$version" >/dev/null && tar xzf "echarts-$version.tgz")
cp "$work/package/dist/echarts.min.js" "$work/package/LICENSE" src/DistrictPerf.Web/wwwroot/lib/echarts/
echo "echarts $version copied"
