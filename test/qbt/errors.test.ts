// For qbt: every error the relocation throws on purpose is a
// QbtError (a DlnaBridgeError) with a stable QBT_ code; the library names no
// CLI flag and imports nothing from src/cli.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QbtEnvironmentError, QbtError, QbtInputError } from '../../src/qbt/errors.js';
import { DlnaBridgeError } from '../../src/util/errors.js';
import { repoRoot } from '../helpers/cli.js';
import { throwSites } from '../helpers/throw-sites.js';

const files = (): string[] =>
  readdirSync(path.join(repoRoot, 'src/qbt'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join('src/qbt', f));

describe('qbt errors', () => {
  it('input and environment errors are QbtErrors and DlnaBridgeErrors with their kind', () => {
    const input = new QbtInputError('QBT_URL_INVALID', 'x');
    const env = new QbtEnvironmentError('QBT_UNREACHABLE', 'x', { cause: new Error('ECONNREFUSED') });
    for (const err of [input, env]) {
      expect(err).toBeInstanceOf(QbtError);
      expect(err).toBeInstanceOf(DlnaBridgeError);
    }
    expect([input.name, input.kind]).toEqual(['QbtInputError', 'input']);
    expect([env.name, env.kind]).toEqual(['QbtEnvironmentError', 'environment']);
    expect((env.cause as Error).message).toBe('ECONNREFUSED');
  });

  it('every code thrown in src/qbt is a QBT_ code; no file imports src/cli or names a flag in an error', () => {
    const codes = new Set<string>();
    for (const file of files()) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      expect(text, file).not.toMatch(/from '(\.\.\/)+cli\//);
      for (const site of throwSites(text)) {
        // local-fs.ts throws plain Errors with a reason that relocate.ts wraps (QBT_DESTINATION_UNUSABLE);
        // paths.ts guards an invariant of its callers (rebase only under `from`): a bug, not a user's error.
        if ((file.endsWith('local-fs.ts') || file.endsWith('paths.ts')) && site.className === 'Error') continue;
        expect(['QbtInputError', 'QbtEnvironmentError'], `${file}: ${site.call.slice(0, 100)}`).toContain(
          site.className,
        );
        const code = /^new \w+\(\s*'([A-Z_]+)'/.exec(site.call)?.[1];
        expect(code, site.call.slice(0, 100)).toMatch(/^QBT_[A-Z_]+$/);
        codes.add(code!);
        expect(site.call, file).not.toMatch(/[`'"]--[a-z]|\s--[a-z][a-z-]+/);
      }
    }
    expect(codes.size).toBeGreaterThanOrEqual(20);
  });
});
