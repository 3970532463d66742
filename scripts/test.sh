#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine: installs what is missing,
# builds, type-checks the tests, then runs the suite on both supported Node.js
# versions:
#   - Node 24 LTS (what the image ships; scripts/node24.sh): every test, unit
#     and integration;
#   - the system's Node (Debian's 20): the unit tests (the integration tests
#     exercise the same code through real peers and need minutes; once is enough).
# Arguments go to both vitest runs (e.g. a folder: `npm test -- test/cli`).
# Before the tests, eslint and prettier check the whole checkout (eslint.config.js,
# .prettierrc.json); a finding fails the run, which still runs the tests. A run
# with arguments skips them (a quick filtered run; CI runs the whole suite).
# Integration tests need root (network namespaces); with CI=true a missing
# requirement fails the run instead of skipping.
# Each run ends with one plain line, "Tests: N passed, N failed, N skipped
# (Node vX: projects)"; the script repeats them at the end with a total.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
node node_modules/typescript/bin/tsc -p tsconfig.test.json
node24=$(bash scripts/node24.sh)

summary=$(mktemp)
trap 'rm -f "$summary"' EXIT
export DLNA_BRIDGE_TEST_SUMMARY="$summary"
status=0

habits=""
if [ "$#" -eq 0 ]; then
  echo
  echo "=== Lint (eslint) and format (prettier --check) ==="
  if ! node node_modules/eslint/bin/eslint.js .; then
    habits+="test.sh: eslint found errors (listed above); fix them, 'npx eslint --fix .' fixes some"$'\n'
  fi
  if ! node node_modules/prettier/bin/prettier.cjs --check --log-level warn .; then
    habits+="test.sh: prettier would reformat the files listed above; run 'npm run format'"$'\n'
  fi
  [ -z "$habits" ] || { printf '%s' "$habits" >&2; status=1; }
fi

scope="the whole suite, unit + integration"
[ "$#" -eq 0 ] || scope="vitest run $*"
echo
echo "=== Node $("$node24" --version) (the image's Node, ${node24#"$PWD"/}): $scope ==="
# Its folder first on PATH, so a test that starts `node` gets this one too.
PATH="$(dirname "$node24"):$PATH" "$node24" node_modules/vitest/vitest.mjs run "$@" || status=$?

echo
echo "=== Node $(node --version) (the system's Node, $(command -v node)): the unit tests${*:+ of vitest run $*} ==="
# A filter naming only integration tests leaves this run nothing: not a failure.
only_unit=(--project unit)
[ "$#" -gt 0 ] && only_unit+=(--passWithNoTests)
node node_modules/vitest/vitest.mjs run "${only_unit[@]}" "$@" || status=$?

echo
echo "=== Summary ==="
cat "$summary"
awk '{ p += $2; f += $4; s += $6 } END { printf "Tests, all runs: %d passed, %d failed, %d skipped\n", p, f, s }' "$summary"
[ -z "$habits" ] || printf '%s' "$habits" >&2
if [ "$(grep -c '' "$summary")" -lt 2 ]; then
  echo "test.sh: a vitest run ended without its summary line (crashed before reporting?)" >&2
  [ "$status" != 0 ] || status=1
fi
exit "$status"
