#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs what is missing,
# builds, type-checks the tests, and runs unit and integration tests.
# Integration tests need root (network namespaces); with CI=true a missing
# requirement fails the run instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
node node_modules/typescript/bin/tsc -p tsconfig.test.json
exec node node_modules/vitest/vitest.mjs run "$@"
