#!/usr/bin/env bash
# Prints the path of the promtool that MetricsEndpointTest validates the /metrics scrape with
# (make test passes it as PROMTOOL):
#   - $PROMTOOL when set to a path;
#   - else a pinned promtool (Prometheus 3.16.0, Go module github.com/prometheus/prometheus
#     v0.316.0), built with `go install` into .tools/ the first time: no root, no apt-get. The first
#     build takes about 9 minutes on 2 cores (it compiles Prometheus' dependencies) and needs Go
#     1.25 or newer; later runs find it in .tools/ and build nothing.
# The build's progress goes to stderr; only the path goes to stdout.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
TOOLS=${TERMINUS_TOOLS:-$PWD/.tools}

PROMETHEUS_VERSION=3.16.0
PROMETHEUS_MODULE=github.com/prometheus/prometheus
PROMETHEUS_MODULE_VERSION=v0.316.0
PINNED=$TOOLS/promtool-v$PROMETHEUS_VERSION

die() {
  printf 'promtool.sh: error: %s\n' "$*" >&2
  exit 1
}

install_pinned() {
  if [ -x "$PINNED" ] && "$PINNED" --version 2>/dev/null | grep -q "version $PROMETHEUS_VERSION"; then
    return
  fi
  # Go >= 1.26: the PATH's, else fetched once from the module proxy.
  PATH="$(dirname "$(bash controlplane/go.sh)"):$PATH"
  export PATH
  printf '==> building promtool %s into %s (go install %s/cmd/promtool@%s; ~9 min the first time)\n' \
    "$PROMETHEUS_VERSION" "$TOOLS" "$PROMETHEUS_MODULE" "$PROMETHEUS_MODULE_VERSION" >&2
  local tmp
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' RETURN
  GOBIN="$tmp" GOFLAGS="${GOFLAGS:-} -buildvcs=false" go install -trimpath \
    -ldflags "-s -w -X github.com/prometheus/common/version.Version=$PROMETHEUS_VERSION" \
    "$PROMETHEUS_MODULE/cmd/promtool@$PROMETHEUS_MODULE_VERSION" >&2
  "$tmp/promtool" --version 2>&1 | grep -q "version $PROMETHEUS_VERSION" ||
    die "the promtool just built does not say version $PROMETHEUS_VERSION"
  mkdir -p "$TOOLS"
  mv "$tmp/promtool" "$PINNED"
}

if [ -n "${PROMTOOL:-}" ]; then
  [ -x "$PROMTOOL" ] || command -v "$PROMTOOL" >/dev/null 2>&1 || die "PROMTOOL=$PROMTOOL is not executable"
  echo "$PROMTOOL"
else
  install_pinned
  echo "$PINNED"
fi
