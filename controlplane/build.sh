#!/usr/bin/env bash
# Builds the pinned control plane (kube-apiserver, kube-controller-manager, kubectl, etcd) from the
# Go modules in this folder into a cache outside the repository and prints that folder.
# A second run with the binaries present is a no-op. Needs the Go module proxy (and Go >= 1.26,
# which go.sh fetches from it when the PATH has none).
#
#   TERMINUS_K8S_CACHE  cache root (default ~/.cache/terminus/k8s)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Go >= 1.26: the PATH's, else fetched once from the module proxy (go.sh).
PATH="$(dirname "$(bash "$here/go.sh")"):$PATH"
export PATH
k8s_version="$(cd "$here/kubernetes" && go list -m -f '{{.Version}}' k8s.io/kubernetes)"
etcd_version="$(cd "$here/etcd" && go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)"
[ -n "$k8s_version" ] && [ -n "$etcd_version" ] || { echo "error: cannot read the pinned versions from go.mod" >&2; exit 1; }

out="${TERMINUS_K8S_CACHE:-$HOME/.cache/terminus/k8s}/${k8s_version#v}"
stamp="$out/.built-$k8s_version-etcd-$etcd_version"
if [ -f "$stamp" ]; then
  echo "$out"
  exit 0
fi

log() { printf '==> %s\n' "$*" >&2; }
mkdir -p "$out"
start=$(date +%s)

IFS=. read -r major minor _ <<<"${k8s_version#v}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $pkg.gitVersion=$k8s_version -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
done

log "building kube-apiserver, kube-controller-manager, kubectl $k8s_version into $out (cold: ~20 min on 2 cores)"
(cd "$here/kubernetes" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -ldflags "$ldflags" -o "$out/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl)

log "building etcd $etcd_version"
(cd "$here/etcd" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath -ldflags "-s -w" -o "$out/etcd" go.etcd.io/etcd/server/v3)

"$out/kube-apiserver" --version >&2
"$out/etcd" --version | head -n1 >&2
log "built in $(( $(date +%s) - start )) s: $(du -sh "$out" | cut -f1) in $out"
touch "$stamp"
echo "$out"
