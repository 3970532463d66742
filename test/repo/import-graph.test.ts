import { describe, expect, it } from 'vitest';
import { importsOf, resolveSpecifier, unitOf } from './import-graph.js';

describe('the import graph reader', () => {
  it('tells value, type-only and lazy imports apart, re-exports included', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "import { type C, type D } from './c.js';",
      "import { e, type E } from './e.js';",
      "export { f } from './f.js';",
      "export type { G } from './g.js';",
      "import 'node:fs';",
      "const h = await import('./h.js');",
      "let i: import('./i.js').I;",
      'const s = \'import("./not-an-import.js")\';',
    ].join('\n');
    expect(importsOf('src/x/y.ts', text)).toEqual([
      { specifier: './a.js', kind: 'value' },
      { specifier: '../b/b.js', kind: 'type' },
      { specifier: './c.js', kind: 'type' },
      { specifier: './e.js', kind: 'value' },
      { specifier: './f.js', kind: 'value' },
      { specifier: './g.js', kind: 'type' },
      { specifier: 'node:fs', kind: 'value' },
      { specifier: './h.js', kind: 'dynamic' },
      { specifier: './i.js', kind: 'type' },
    ]);
  });

  it('resolves relative specifiers to .ts files, and leaves packages alone', () => {
    expect(resolveSpecifier('src/profile/sync/run.ts', '../../cli/exit-codes.js')).toBe('src/cli/exit-codes.ts');
    expect(resolveSpecifier('src/qbt/client.ts', './http.js')).toBe('src/qbt/http.ts');
    expect(resolveSpecifier('src/qbt/client.ts', 'commander')).toBeUndefined();
  });

  it('puts a file in its top-level folder, or its src/bridge/ subfolder', () => {
    expect(unitOf('src/profile/sync/run.ts')).toBe('src/profile');
    expect(unitOf('src/bridge/ssdp/engine.ts')).toBe('src/bridge/ssdp');
    expect(unitOf('src/bridge/index.ts')).toBe('src/bridge/index.ts');
    expect(unitOf('src/main.ts')).toBe('src/main.ts');
  });
});
