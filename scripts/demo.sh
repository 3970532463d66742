#!/usr/bin/env bash
# `npm run demo`: installs what the demo needs (Debian packages, npm deps, the
# build) and runs `dlna-bridge demo` as root (it creates network namespaces).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "demo: needs root (network namespaces); run: sudo npm run demo" >&2
  exit 2
fi
bash scripts/install-deps.sh
exec node dist/cli/main.js demo "$@"
