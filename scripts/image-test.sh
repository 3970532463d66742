#!/usr/bin/env bash
# The image test (CI runs it after `npm test`): builds the Dockerfile with podman
# and runs the bridge from the image as the DaemonSet runs it (uid 65532,
# read-only root file system, no capabilities, the manifest's args and
# environment) in the demo's node namespace, against minidlna in the demo's pod:
# the TV finds the server and browses it through the containerised bridge
# (test/image/bridge-in-image.image-test.ts).
#
# The public container registries are not reachable from the CI machines, so the
# base image is a stand-in for node:24-trixie-slim built here from Debian trixie
# and the same Node 24 binary (test/image/stand-in-base.sh), passed as the
# Dockerfile's NODE_IMAGE build argument. The build itself is the Dockerfile's
# normal path: `npm ci` inside the build, from the npm registry, which is
# reachable from a podman build here; the host's CA bundle goes in as the
# npm-ca build secret (the machines reach the registry through a TLS-inspecting
# proxy), never into a layer.
#
# Cache: the stand-in base (tagged by a hash of its inputs) and podman's layer
# cache are kept, so a rerun with unchanged inputs takes seconds for the build;
# images of earlier inputs are removed. IMAGE_TEST_KEEP_CACHE=0 removes every
# image it made on exit. Containers and network namespaces never outlive it.
#
# Exit: 0 passed, 1 failed, 2 not run as root.
set -euo pipefail
cd "$(dirname "$0")/.."

PODMAN=(podman --runtime runc)
# podman's default limits exceed what the CI sandbox allows.
LIMITS=(--ulimit nofile=20000:20000 --ulimit nproc=1000:1000)
LABEL=dlna-bridge.image-test=1
IMAGE=localhost/dlna-bridge:image-test
STAGE_TAGS=(localhost/dlna-bridge:image-test-build-stage localhost/dlna-bridge:image-test-prod-deps-stage)
KEEP_CACHE="${IMAGE_TEST_KEEP_CACHE:-1}"
CA_BUNDLE="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"

t0=$(date +%s)
phase=setup
say() { echo "image-test: $*"; }
since() { echo $(( $(date +%s) - $1 )); }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # Containers of this test (a crashed test run may leave one), then the
  # namespaces of test runs whose process is gone (the demo's own sweep).
  local ids
  ids=$("${PODMAN[@]}" ps --all --quiet --filter "label=$LABEL" 2>/dev/null || true)
  [ -n "$ids" ] && "${PODMAN[@]}" rm --force --time 0 $ids >/dev/null 2>&1 || true
  [ -f dist/demo/lab.js ] && node --input-type=module -e "import('./dist/demo/lab.js').then((m) => m.removeStaleLabs())" 2>/dev/null || true
  if [ "$KEEP_CACHE" = 0 ]; then
    "${PODMAN[@]}" rmi --force "$IMAGE" "${STAGE_TAGS[@]}" >/dev/null 2>&1 || true
    for ref in $("${PODMAN[@]}" images --format '{{.Repository}}:{{.Tag}}' --filter reference=localhost/dlna-bridge-stand-in-base 2>/dev/null); do
      "${PODMAN[@]}" rmi --force "$ref" >/dev/null 2>&1 || true
    done
    say "removed the images it made (IMAGE_TEST_KEEP_CACHE=0)"
  fi
  if [ "$rc" = 0 ]; then
    say "PASSED in $(since "$t0") s (stand-in base ${t_base:-?} s, image build ${t_build:-?} s, bridge in the image ${t_run:-?} s)"
  elif [ "$rc" = 2 ]; then
    :
  else
    say "FAILED during $phase after $(since "$t0") s (exit $rc)"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$(id -u)" != 0 ]; then
  echo "image-test: needs root (podman as root, network namespaces); run: sudo bash scripts/image-test.sh" >&2
  exit 2
fi
for tool in podman runc mmdebstrap; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    say "$tool is missing: scripts/install-deps.sh installs the Debian packages"
    bash scripts/install-deps.sh
    break
  fi
done
[ -f dist/cli/main.js ] || npm run --silent build

phase="the stand-in base image"
say "[1/3] base image: a stand-in for node:24-trixie-slim (public registries are not reachable here)"
t=$(date +%s)
base=$(bash test/image/stand-in-base.sh)
t_base=$(since "$t")

phase="the image build"
say "[2/3] podman build --build-arg NODE_IMAGE=$base -t $IMAGE ."
t=$(date +%s)
build=("${PODMAN[@]}" build "${LIMITS[@]}" --label "$LABEL" --build-arg "NODE_IMAGE=$base")
[ -s "$CA_BUNDLE" ] && build+=(--secret "id=npm-ca,src=$CA_BUNDLE")
# The images the tags name now: replaced by this build, they (and their layers
# that nothing else uses) are removed below, so the cache holds one set only.
previous=()
for ref in "$IMAGE" "${STAGE_TAGS[@]}"; do
  previous+=("$("${PODMAN[@]}" image inspect --format '{{.Id}}' "$ref" 2>/dev/null || true)")
done
log=$(mktemp)
if ! "${build[@]}" -t "$IMAGE" . >"$log" 2>&1; then
  tail -40 "$log"
  rm -f "$log"
  exit 1
fi
steps=$(grep 'STEP [0-9]' "$log" | grep -vc ': FROM ' || true)
cached=$(grep -c 'Using cache' "$log" || true)
say "      $cached of $steps build steps from the layer cache"
rm -f "$log"
# Tag the build stages too (from the layer cache: seconds), so their layers
# stay named and a rerun finds npm ci's layers; then drop what was replaced
# (podman rmi takes the image's parents that nothing else uses with it).
"${build[@]}" --quiet --target build -t "${STAGE_TAGS[0]}" . >/dev/null
"${build[@]}" --quiet --target prod-deps -t "${STAGE_TAGS[1]}" . >/dev/null
for id in "${previous[@]}"; do
  [ -n "$id" ] || continue
  "${PODMAN[@]}" image inspect --format '{{.RepoTags}}' "$id" 2>/dev/null | grep -q 'localhost/' && continue
  "${PODMAN[@]}" rmi "$id" >/dev/null 2>&1 || true
done
t_build=$(since "$t")
say "      built $IMAGE ($("${PODMAN[@]}" image inspect --format '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')) in $t_build s"

phase="the bridge in the image"
say "[3/3] the bridge from the image in the demo's network: uid 65532, read-only root, the DaemonSet's flags"
t=$(date +%s)
DLNA_BRIDGE_TEST_IMAGE="$IMAGE" CI="${CI:-true}" node node_modules/vitest/vitest.mjs run --config test/image/vitest.config.ts
t_run=$(since "$t")
