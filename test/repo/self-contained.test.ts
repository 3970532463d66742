// A fresh clone must test, bench and build from itself alone: nothing under
// test/, bench/, scripts/, src/, .ci/ or deploy/ (nor the root config files)
// may name a path outside the checkout. Catches the three ways that happened:
// a relative path that climbs above the repository root (from the file's own
// folder, or from the root itself: `path.resolve(repoRoot, '..')`), the
// workspace folder beside the checkout, and an absolute path of the machine
// the suite was written on.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const SCANNED_DIRS = ['test', 'bench', 'scripts', 'src', '.ci', 'deploy'];
const SCANNED_ROOT_FILES = ['package.json', 'tsconfig.json', 'tsconfig.test.json', 'vitest.config.ts', 'Dockerfile'];
const SELF = path.relative(repoRoot, new URL(import.meta.url).pathname);

/** A run of `..` segments that starts a path (after a quote, space, `=`, `(` or line start). */
const CLIMB = /(?<=^|['"`\s=(:,[])((?:\.\.\/)*\.\.)(?=\/|['"`\s),;\]]|$)/g;
/** `repoRoot, '..` / `ROOT, "../`: a path joined onto the repository root that climbs out of it. */
const ROOT_CLIMB = /\b(?:repoRoot|REPO_ROOT|root|ROOT)\s*,\s*['"`]\.\.(?:\/|['"`])/;
/** The folders of the machine this was written on, never present on a newcomer's. */
const MACHINE_PATH = new RegExp(['/work/', '/root/', '(?<![\\w-])shared/(?:fixtures|docs)/'].join('|'));

export interface OutsidePath {
  file: string;
  line: number;
  text: string;
  why: string;
}

/**
 * Paths in `text` (the content of `file`, relative to the root) that lead out of
 * the checkout. The shell scripts in scripts/ and .ci/ cd to the root first, so
 * their relative paths count from there; elsewhere from the file's own folder.
 */
export function outsidePaths(file: string, text: string): OutsidePath[] {
  // Node modules there (.mjs) resolve from their own folder (import.meta.url), like every other file.
  const fromRoot = (file.startsWith('.ci/') || file.startsWith('scripts/')) && !file.endsWith('.mjs');
  const depth = fromRoot ? 0 : file.split('/').length - 1;
  const found: OutsidePath[] = [];
  text.split('\n').forEach((lineText, i) => {
    const hit = (why: string) => found.push({ file, line: i + 1, text: lineText.trim().slice(0, 160), why });
    for (const m of lineText.matchAll(CLIMB)) {
      const ups = m[1]!.split('/').length;
      if (ups > depth) hit(`climbs ${ups} folder(s) up from a file ${depth} deep`);
    }
    if (ROOT_CLIMB.test(lineText)) hit('climbs out of the repository root');
    const machine = MACHINE_PATH.exec(lineText);
    if (machine) hit(`names ${machine[0]}, a folder outside the checkout`);
  });
  return found;
}

function textFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(repoRoot, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) out.push(child);
    }
  };
  for (const dir of SCANNED_DIRS) {
    try {
      walk(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return [...out, ...SCANNED_ROOT_FILES].filter((f) => f !== SELF);
}

describe('the checkout is self-contained', () => {
  it('no file under test/, bench/, scripts/, src/, .ci/, deploy/ or the root config names a path outside it', () => {
    const found: string[] = [];
    let scanned = 0;
    for (const file of textFiles()) {
      let buf: Buffer;
      try {
        buf = readFileSync(path.join(repoRoot, file));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // an optional root file
        throw err;
      }
      if (buf.includes(0)) continue; // binary
      scanned++;
      for (const o of outsidePaths(file, buf.toString('utf8'))) found.push(`${o.file}:${o.line}: ${o.why}: ${o.text}`);
    }
    expect(scanned).toBeGreaterThan(100);
    expect(found).toEqual([]);
  });

  it('the scanner catches each way out, and leaves paths inside alone', () => {
    const up = (n: number) => Array.from({ length: n }, () => '..').join('/');
    const why = (file: string, line: string) => outsidePaths(file, line).map((o) => o.why);
    // Relative to the file's own folder.
    expect(why('bench/x.mjs', `path.resolve(here, '${up(2)}/shared/x')`)).toContain(
      'climbs 2 folder(s) up from a file 1 deep',
    );
    expect(why('test/a/b.ts', `import x from '${up(2)}/src/x.js';`)).toEqual([]);
    expect(why('test/a/b.ts', `import x from '${up(3)}/elsewhere/x.js';`)).toEqual([
      'climbs 3 folder(s) up from a file 2 deep',
    ]);
    expect(why('test/a/b.ts', `const d = "${up(3)}";`)).toEqual(['climbs 3 folder(s) up from a file 2 deep']);
    // Relative to the root.
    expect(why('test/a/b.ts', `path.join(repoRoot, '${up(1)}/x')`)).toEqual(['climbs out of the repository root']);
    expect(why('scripts/x.sh', `cp "${up(1)}/x" .`)).toEqual(['climbs 1 folder(s) up from a file 0 deep']);
    expect(why('scripts/x.sh', 'cd "$(dirname "$0")/' + up(1) + '"')).toEqual([]);
    // The machine's folders.
    expect(why('test/a.ts', `const p = '/${'work'}/main/x';`)).toEqual([
      `names /${'work'}/, a folder outside the checkout`,
    ]);
    expect(why('test/a.ts', `// from ${'shared'}/fixtures/jellyfin-profiles`)).toHaveLength(1);
    // Not paths: spreads, ranges, prose.
    expect(why('src/a.ts', 'const all = [...a, ...b]; f(...args);')).toEqual([]);
    expect(why('src/a.ts', '// wait... then retry; the shared volume, shared docs/ssdp.md')).toEqual([]);
  });
});
