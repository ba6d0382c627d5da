#!/usr/bin/env bash
# Prints the path of a `go` command of version 1.26 or newer, for the Go builds of make test (the
# control plane, promtool): the one on the PATH when it is new enough, else Go 1.26.8 fetched once
# from the Go module proxy (golang.org/toolchain, sha256-checked) into a cache, without root.
#   TERMINUS_GO_CACHE  where the fetched Go lives (default ~/.cache/terminus/go)
set -euo pipefail

GO_VERSION=1.26.8
GO_ZIP_SHA256=30c2b1bf7dcc88d3eb0a1364e47ddd9128edb3110a30e8a0ef61cd5856b31de7
MINIMUM_MINOR=26

die() {
  printf 'go.sh: error: %s\n' "$*" >&2
  exit 1
}

if command -v go >/dev/null 2>&1; then
  minor=$(go env GOVERSION 2>/dev/null | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
  if [ -n "$minor" ] && [ "$minor" -ge "$MINIMUM_MINOR" ]; then
    command -v go
    exit 0
  fi
fi

root=${TERMINUS_GO_CACHE:-$HOME/.cache/terminus/go}/go$GO_VERSION
if [ -x "$root/bin/go" ]; then
  echo "$root/bin/go"
  exit 0
fi

command -v curl >/dev/null 2>&1 || die "no Go >= 1.$MINIMUM_MINOR on the PATH, and no curl to fetch one"
proxy=$(printf '%s' "${GOPROXY:-https://proxy.golang.org}" | cut -d, -f1)
case "$proxy" in http*) ;; *) proxy=https://proxy.golang.org ;; esac
url="$proxy/golang.org/toolchain/@v/v0.0.1-go$GO_VERSION.linux-amd64.zip"
printf '==> fetching Go %s from %s\n' "$GO_VERSION" "$url" >&2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
curl -sSfL -o "$tmp/go.zip" "$url" || die "cannot download $url"
[ "$(sha256sum "$tmp/go.zip" | cut -d' ' -f1)" = "$GO_ZIP_SHA256" ] || die "checksum mismatch for $url"
if command -v unzip >/dev/null 2>&1; then
  unzip -q "$tmp/go.zip" -d "$tmp/x"
else
  python3 -m zipfile -e "$tmp/go.zip" "$tmp/x"
  # zipfile does not keep the executable bits.
  find "$tmp/x" -type f \( -path '*/bin/*' -o -path '*/pkg/tool/*' \) -exec chmod +x {} +
fi
mkdir -p "$(dirname "$root")"
rm -rf "$root"
mv "$tmp/x/golang.org/toolchain@v0.0.1-go$GO_VERSION.linux-amd64" "$root"
"$root/bin/go" version >&2
echo "$root/bin/go"
