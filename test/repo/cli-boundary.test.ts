// Library code knows nothing of the CLI: no file outside src/cli/ imports from
// it (value, type-only or lazy import alike), so an area's errors and exit codes
// are its own and the CLI maps them in one place.
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { srcImportEdges } from './import-graph.js';

/**
 * The files that still import src/cli/ (exit-codes.ts: CliError, EXIT_*), being
 * moved to their area's own errors. The list only shrinks: the test fails when a
 * file not listed imports src/cli/, and when a listed file no longer does (delete
 * its line).
 */
const STILL_IMPORTING_CLI = [
  'src/bridge/daemon/run.ts',
  'src/demo/demo.ts',
  'src/discover/run.ts',
  'src/k8s/preflight.ts',
  'src/qbt/client.ts',
  'src/qbt/credentials.ts',
  'src/qbt/http.ts',
  'src/qbt/plan.ts',
  'src/qbt/relocate-command.ts',
  'src/qbt/relocate.ts',
  'src/stack/cluster/kubeconfig.ts',
];

describe('the CLI boundary', () => {
  it('no file outside src/cli/ imports src/cli/ (but the shrinking list of files still being moved off it)', () => {
    const importers = new Map<string, string[]>();
    for (const { from, to } of srcImportEdges(repoRoot)) {
      if (from.startsWith('src/cli/') || !to.startsWith('src/cli/')) continue;
      importers.set(from, [...(importers.get(from) ?? []), to]);
    }
    const unlisted = [...importers.keys()]
      .filter((f) => !STILL_IMPORTING_CLI.includes(f))
      .map((f) => `${f} imports ${[...new Set(importers.get(f))].join(', ')}: library code must not know the CLI`);
    const done = STILL_IMPORTING_CLI.filter((f) => !importers.has(f)).map(
      (f) => `${f} no longer imports src/cli/: delete its line from STILL_IMPORTING_CLI`,
    );
    expect([...unlisted, ...done]).toEqual([]);
  });
});
