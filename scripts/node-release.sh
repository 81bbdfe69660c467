#!/usr/bin/env bash
# Prints the path of a `node` binary of the given version (default: NODE_VERSION, the images' Node, named in
# skaffold.env), fetching the official binary from the npm registry (package node-<os>-<arch>, the build
# nodejs.org ships) into .cache/node/ the first time. So the test suites can also run on the Node the images
# ship, on a host whose own Node is another release.
#   scripts/node-release.sh [version]      ->  .cache/node/v24.21.0/bin/node
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version="${1:-${NODE_VERSION:-$(. "$ROOT/skaffold.env"; echo "$NODE_VERSION")}}"
case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "node-release: no Node package for $(uname -s)" >&2; exit 1 ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) echo "node-release: no Node package for $(uname -m)" >&2; exit 1 ;; esac
dir="$ROOT/.cache/node/v$version"
if [[ ! -x "$dir/bin/node" ]]; then
  tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
  echo "node-release: npm pack node-$os-$arch@$version" >&2
  (cd "$tmp" && npm pack --silent "node-$os-$arch@$version" >/dev/null)
  mkdir -p "$tmp/x" && tar -xzf "$tmp"/node-*.tgz -C "$tmp/x"
  [[ "$("$tmp/x/package/bin/node" --version)" == "v$version" ]] || { echo "node-release: the package's node is not v$version" >&2; exit 1; }
  rm -rf "$dir" && mkdir -p "$(dirname "$dir")" && mv "$tmp/x/package" "$dir"
fi
echo "$dir/bin/node"
