// One command shape for play-check and gpu-check: the CLI file declares and
// parses flags and loads its area only inside the action (so `--help` loads
// none of it); the area's code knows nothing of the CLI.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

const staticImports = (text: string): string[] =>
  [...text.matchAll(/^import\s+(type\s+)?[^'"]*from\s+'([^']+)'/gm)].filter((m) => !m[1]).map((m) => m[2]!);

describe('play-check and gpu-check: one command shape', () => {
  it('src/cli/commands/playback.ts imports nothing of playback/, gpu/, media/ or profile/ at load time; it runs <area>/command.js lazily', () => {
    const text = readFileSync(path.join(repoRoot, 'src/cli/commands/playback.ts'), 'utf8');
    // Only src/cli's own modules (./ and ../ from src/cli/commands) and commander.
    expect(staticImports(text).filter((m) => !/^\.\.?\/[^.]/.test(m) && m !== 'commander')).toEqual([]);
    expect(text).toContain("import('../../playback/command.js')");
    expect(text).toContain("await import('../../gpu/command.js')");
  });

  it('src/playback, src/gpu and src/media never import src/cli', () => {
    for (const area of ['playback', 'gpu', 'media']) {
      for (const name of readdirSync(path.join(repoRoot, 'src', area), { recursive: true }) as string[]) {
        if (!name.endsWith('.ts')) continue;
        const text = readFileSync(path.join(repoRoot, 'src', area, name), 'utf8');
        expect(text, `src/${area}/${name}`).not.toMatch(/from '(\.\.\/)+cli\//);
        expect(text, `src/${area}/${name}`).not.toMatch(/import\('(\.\.\/)+cli\//);
      }
    }
  });
});
