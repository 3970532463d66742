// A file's header says what the file is for and why, in a few lines; its
// history (which issue asked for it, which document outside the checkout it came
// from) belongs in git, where it cannot go stale. Scans the comments of every
// .ts and .mjs file under src/, test/ and bench/ (test/fixtures/ is vendored).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

/** The most comment lines a file may open with (after a `#!` line). */
export const MAX_HEADER_LINES = 8;

/**
 * What a comment must not cite: a path outside the repository, or one of this
 * project's issues (the word issue and a number, or a bare `#` and one or two digits). Another project's
 * numbered issue keeps its name before the number (`jellyfin #13344`, `pupnp
 * PR #601`) and is not flagged; neither is a 3-digit or longer bare number.
 */
const CITATION = /\.\.\/shared\b|\/work\/|\bissues?\s+#?\d+\b|(?<![\w.-]\s?)#\d{1,2}\b/i;

/**
 * Files whose header is still longer than MAX_HEADER_LINES, to be cut to what
 * and why. The list only shrinks: the test fails for a file not listed, and for
 * a listed file that now passes (delete its line).
 */
const LONG_HEADER_FILES = [
  'bench/daemon-flood.mjs',
  'bench/profile-lint.mjs',
  'bench/proxy-hostile.mjs',
  'bench/proxy-throughput.mjs',
  'bench/ssdp-hostile.mjs',
  'src/bridge/admin/admin-access.ts',
  'src/bridge/admin/admin-server.ts',
  'src/bridge/daemon/bridge.ts',
  'src/bridge/leader/leader-elector.ts',
  'src/bridge/metrics/event-loop-lag.ts',
  'src/bridge/metrics/metrics.ts',
  'src/bridge/proxy/gena-callback.ts',
  'src/bridge/proxy/gena-relay.ts',
  'src/bridge/proxy/proxy-server.ts',
  'src/bridge/sources/cluster-ssdp/source.ts',
  'src/bridge/sources/cluster-ssdp/tracker.ts',
  'src/bridge/sources/upstream-health.ts',
  'src/bridge/ssdp/engine.ts',
  'src/demo/lab.ts',
  'src/jellyfin/encoding-options.ts',
  'src/jellyfin/layout.ts',
  'src/playback/decide-video.ts',
  'src/playback/profile-sources.ts',
  'src/device-profile/analysis.ts',
  'src/profile/engine-verdicts.ts',
  'src/profile/fix/direct-play-lists.ts',
  'src/profile/fix/missing-profiles.ts',
  'src/device-profile/lists.ts',
  'src/device-profile/select.ts',
  'src/profile/shape-equivalence.ts',
  'src/profile/sync/apply.ts',
  'src/profile/sync/plan.ts',
  'src/profile/sync/state.ts',
  'src/profile/sync/watch.ts',
  'src/stack/kustomize.ts',
  'src/stack/write-out.ts',
];

/** Files whose comments still cite an issue or an outside path; shrinks like LONG_HEADER_FILES. */
const CITING_FILES = [
  'bench/daemon-flood.mjs',
  'bench/proxy-hostile.mjs',
  'bench/ssdp-hostile.mjs',
  'src/bridge/daemon/bridge.ts',
  'src/bridge/proxy/bad-gateway.ts',
  'src/bridge/sources/upstream-failure.ts',
  'src/bridge/sources/upstream-health.ts',
  'src/k8s/config.ts',
];

/** The number of comment lines `text` opens with. */
export function headerLines(text: string): number {
  const lines = text.split('\n');
  let i = lines[0]?.startsWith('#!') ? 1 : 0;
  let n = 0;
  let inBlock = false;
  for (; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (inBlock || line.startsWith('//') || line.startsWith('/*')) {
      n++;
      if (line.startsWith('/*')) inBlock = true;
      if (inBlock && line.includes('*/')) inBlock = false;
    } else break;
  }
  return n;
}

/** The citations in the comments of `text` (never in code or strings), with their 1-based line. */
export function citations(text: string): { line: number; cited: string }[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const out: { line: number; cited: string }[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind !== ts.SyntaxKind.SingleLineCommentTrivia && kind !== ts.SyntaxKind.MultiLineCommentTrivia) continue;
    const comment = scanner.getTokenText();
    const m = CITATION.exec(comment);
    if (m) out.push({ line: text.slice(0, scanner.getTokenStart() + m.index).split('\n').length, cited: m[0] });
  }
  return out;
}

function scannedFiles(): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(path.join(repoRoot, rel), { withFileTypes: true })) {
      const child = path.posix.join(rel, e.name);
      if (e.isDirectory()) {
        if (child !== 'test/fixtures') walk(child);
      } else if (e.isFile() && /\.(ts|mjs)$/.test(e.name)) out.push(child);
    }
  };
  for (const dir of ['src', 'test', 'bench']) walk(dir);
  return out.sort();
}

/** Failures of a shrink-only list: files failing that are not listed, listed files that now pass. */
function shrinkOnly(name: string, failing: Map<string, string>, listed: readonly string[]): string[] {
  return [
    ...[...failing].filter(([f]) => !listed.includes(f)).map(([f, why]) => `${f}: ${why}`),
    ...listed.filter((f) => !failing.has(f)).map((f) => `${f} passes now: delete its line from ${name}`),
  ];
}

describe('file headers', () => {
  const texts = new Map(scannedFiles().map((f) => [f, readFileSync(path.join(repoRoot, f), 'utf8')]));

  it(`open with at most ${MAX_HEADER_LINES} comment lines (but the shrinking list of long ones)`, () => {
    expect(texts.size).toBeGreaterThan(300);
    const long = new Map<string, string>();
    for (const [f, text] of texts) {
      const n = headerLines(text);
      if (n > MAX_HEADER_LINES) long.set(f, `header of ${n} comment lines, over ${MAX_HEADER_LINES}`);
    }
    expect(shrinkOnly('LONG_HEADER_FILES', long, LONG_HEADER_FILES)).toEqual([]);
  });

  it('cite no issue number and no path outside the repository in comments (but the shrinking list)', () => {
    const citing = new Map<string, string>();
    for (const [f, text] of texts) {
      const found = citations(text);
      if (found.length) citing.set(f, found.map((c) => `line ${c.line} cites "${c.cited}"`).join(', '));
    }
    expect(shrinkOnly('CITING_FILES', citing, CITING_FILES)).toEqual([]);
  });

  it('the scanners count header lines and find citations only in comments', () => {
    expect(headerLines('#!/usr/bin/env node\n// one\n// two\nimport x from "y";\n// not header')).toBe(2);
    expect(headerLines('/**\n * a\n * b\n */\nexport {};')).toBe(4);
    expect(headerLines('export {};')).toBe(0);
    const cited = (text: string) => citations(text).map((c) => c.cited);
    expect(cited('// as issue 12 asked\nconst s = "issue 12";')).toEqual(['issue 12']);
    expect(cited('/* see Issue #3 */')).toEqual(['Issue #3']);
    expect(cited('// (#12, break 3)')).toEqual(['#12']);
    // Spelled in pieces, so that self-contained.test.ts does not find them here.
    const shared = ['..', 'shared'].join('/');
    const work = `/${'work'}/`;
    expect(cited(`// from ${shared}/x.md`)).toEqual([shared]);
    expect(cited(`// ${work}main/x`)).toEqual([work]);
    expect(cited('// jellyfin #13344, plugin bug #23, pupnp PR #601, #6450')).toEqual([]);
    expect(citations('const a = 1;\n\n// issue 4').map((c) => c.line)).toEqual([3]);
  });
});
