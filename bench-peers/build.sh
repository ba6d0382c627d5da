#!/usr/bin/env bash
# Builds the peers of the side-by-side benchmark (make bench-peers) from the Go modules in this
# folder into a cache outside the repository, and prints that folder. Today: Argo Workflows'
# workflow-controller, pinned in argo/go.mod. A second run with the binary present is a no-op.
#   TERMINUS_PEERS_CACHE  cache root (default ~/.cache/terminus/peers)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PATH="$(dirname "$(bash "$here/../controlplane/go.sh")"):$PATH"
export PATH

argo_version="$(cd "$here/argo" && go list -m -f '{{.Version}}' github.com/argoproj/argo-workflows/v3)"
out="${TERMINUS_PEERS_CACHE:-$HOME/.cache/terminus/peers}/argo-$argo_version"
if [ -x "$out/workflow-controller" ] && [ -d "$out/crds" ]; then
  echo "$out"
  exit 0
fi
mkdir -p "$out"
start=$(date +%s)
printf '==> building Argo workflow-controller %s into %s\n' "$argo_version" "$out" >&2
(cd "$here/argo" && CGO_ENABLED=0 GOFLAGS=-mod=readonly go build -trimpath \
  -ldflags "-s -w -X github.com/argoproj/argo-workflows/v3.version=$argo_version" \
  -o "$out/workflow-controller.tmp" github.com/argoproj/argo-workflows/v3/cmd/workflow-controller)
# Its CRDs, from the same module version, beside the binary (the benchmark installs them).
mkdir -p "$out/crds"
cp "$(cd "$here/argo" && go list -m -f '{{.Dir}}' github.com/argoproj/argo-workflows/v3)"/manifests/base/crds/minimal/argoproj.io_*.yaml "$out/crds/"
chmod u+w "$out"/crds/*.yaml
mv "$out/workflow-controller.tmp" "$out/workflow-controller"
printf '==> built in %s s: %s\n' "$(( $(date +%s) - start ))" "$(du -sh "$out/workflow-controller" | cut -f1)" >&2
echo "$out"
