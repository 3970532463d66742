// No import cycles between the top-level folders of src/ (and the subfolders of
// src/bridge/, each a unit of its own): each area can be read, tested and moved
// knowing only what it imports. Every kind of import counts, value, type-only
// and lazy `import()`: a cycle that hides behind `import type` or `await
// import()` still ties the two areas' designs together. Imports of src/cli/ are
// left to cli-boundary.test.ts.
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { srcImportEdges, unitCycles, unitOf, type ImportEdge } from './import-graph.js';

/**
 * The unit-to-unit imports that close a cycle, each waiting for its fix (none
 * today). The list only shrinks: the test fails when an import not listed
 * closes a cycle, and when a listed one no longer does (delete its line).
 */
const STILL_IN_A_CYCLE: string[] = [];

/** The unit-to-unit imports inside each cycle, with the file-level imports that make each one. */
function cycleEdges(edges: readonly ImportEdge[]): Map<string, string[]> {
  const unit = unitOf;
  const kept = edges.filter((e) => unit(e.to) !== 'src/cli');
  const out = new Map<string, string[]>();
  for (const group of unitCycles(kept.map((e) => ({ from: unit(e.from), to: unit(e.to) })))) {
    for (const e of kept) {
      const a = unit(e.from);
      const b = unit(e.to);
      if (a === b || !group.includes(a) || !group.includes(b)) continue;
      const key = `${a} -> ${b}`;
      out.set(key, [...(out.get(key) ?? []), `${e.from} -> ${e.to} (${e.kind})`]);
    }
  }
  return out;
}

describe('import cycles between the folders of src/', () => {
  it('no import closes a cycle between units (but the shrinking list of known ones)', () => {
    const found = cycleEdges(srcImportEdges(repoRoot));
    const unlisted = [...found.keys()]
      .filter((k) => !STILL_IN_A_CYCLE.includes(k))
      .map((k) => `${k} closes a cycle: ${found.get(k)!.join('; ')}`);
    const done = STILL_IN_A_CYCLE.filter((k) => !found.has(k)).map(
      (k) => `${k} no longer closes a cycle: delete its line from STILL_IN_A_CYCLE`,
    );
    expect([...unlisted, ...done]).toEqual([]);
  });

  it('finds a cycle through type-only and lazy imports, and none along a one-way chain', () => {
    const e = (from: string, to: string, kind: ImportEdge['kind'] = 'value'): ImportEdge => ({ from, to, kind });
    const cycle = cycleEdges([
      e('src/a/x.ts', 'src/b/y.ts', 'type'),
      e('src/b/y.ts', 'src/bridge/c/z.ts', 'dynamic'),
      e('src/bridge/c/z.ts', 'src/a/w.ts'),
      e('src/a/w.ts', 'src/a/x.ts'), // inside a unit: never a cycle between units
    ]);
    expect([...cycle.keys()].sort()).toEqual(['src/a -> src/b', 'src/b -> src/bridge/c', 'src/bridge/c -> src/a']);
    expect(cycleEdges([e('src/a/x.ts', 'src/b/y.ts'), e('src/b/y.ts', 'src/c/z.ts')]).size).toBe(0);
    // Imports of src/cli/ are the CLI boundary's business, not a cycle here.
    expect(cycleEdges([e('src/cli/main.ts', 'src/a/x.ts'), e('src/a/x.ts', 'src/cli/exit-codes.ts')]).size).toBe(0);
  });
});
