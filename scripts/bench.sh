#!/usr/bin/env bash
# Runs every benchmark in bench/ (plain ESM scripts over the built dist/). Each
# prints its figures and a ratio against a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
for b in bench/*.mjs; do
  echo "== $b"
  node "$b" "$@"
done
