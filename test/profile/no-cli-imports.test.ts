// The profile commands' libraries know nothing of the CLI: no file under
// src/profile, src/jellyfin or src/xml imports src/cli; and the CLI's profile
// commands load nothing of the area until they run (`--help` stays light).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const AREA = ['src/profile', 'src/device-profile', 'src/jellyfin', 'src/xml'];
const CLI = path.join(repoRoot, 'src/cli');

/** Every module specifier a file names: static imports, re-exports and import(). */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) out.push(m[1]!);
  return out;
}

function staticImports(text: string): string[] {
  return [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gms)].map((m) => m[1]!);
}

describe('profile area and the CLI', () => {
  it('no file under src/profile, src/jellyfin or src/xml imports src/cli', () => {
    const offenders: string[] = [];
    let files = 0;
    for (const dir of AREA) {
      for (const rel of readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' })) {
        if (!rel.endsWith('.ts')) continue;
        files++;
        const file = path.join(repoRoot, dir, rel);
        for (const spec of specifiers(readFileSync(file, 'utf8'))) {
          if (!spec.startsWith('.')) continue;
          const target = path.resolve(path.dirname(file), spec);
          if (target === CLI || target.startsWith(CLI + path.sep))
            offenders.push(`${path.relative(repoRoot, file)} -> ${spec}`);
        }
      }
    }
    expect(files).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });

  it('src/cli/commands/profile*.ts import the area only inside their actions (import())', () => {
    for (const name of ['profile.ts', 'profile-sync.ts', 'policy-flags.ts']) {
      const text = readFileSync(path.join(CLI, 'commands', name), 'utf8');
      const outside = staticImports(text).filter(
        (s) => !(s === 'commander' || s.startsWith('./') || (s.startsWith('../') && !s.startsWith('../../'))),
      );
      expect(outside, name).toEqual([]);
    }
  });
});
