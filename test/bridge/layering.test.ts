// The bridge's imports follow its data flow (sources -> catalog -> advertiser,
// proxy -> rewrite), and the lite Kubernetes client knows nothing of the
// bridge. Each rule is an arrow that once pointed the other way.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(repoRoot, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(repoRoot, path.join(e.parentPath, e.name)));
}

/** Repository paths (src/...) that `file` imports by relative specifier. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'";]*?from\s+'(\.[^']+)'/g)].map((m) =>
    path.relative(repoRoot, path.resolve(path.dirname(path.join(repoRoot, file)), m[1]!)),
  );
}

function offending(from: string, forbidden: readonly string[]): string[] {
  return tsFiles(from).flatMap((file) =>
    importsOf(file)
      .filter((to) => forbidden.some((f) => to.startsWith(`${f}/`)))
      .map((to) => `${file} -> ${to}`),
  );
}

describe('import arrows', () => {
  it('the lite Kubernetes client (src/k8s) owns its types: nothing from the bridge or the stack command', () => {
    expect(offending('src/k8s', ['src/bridge', 'src/stack'])).toEqual([]);
  });

  it('the catalog imports none of its neighbours: sources report to it, the advertiser, proxy and rewriter read it', () => {
    const neighbours = ['sources', 'advertiser', 'proxy', 'rewrite', 'admin', 'daemon', 'leader'].map(
      (d) => `src/bridge/${d}`,
    );
    expect(offending('src/bridge/catalog', neighbours)).toEqual([]);
  });

  it('the rewriter is policy the proxy calls, and the advertiser and sources know neither', () => {
    expect(
      offending('src/bridge/rewrite', ['src/bridge/proxy', 'src/bridge/advertiser', 'src/bridge/sources']),
    ).toEqual([]);
    expect(
      offending('src/bridge/advertiser', ['src/bridge/proxy', 'src/bridge/rewrite', 'src/bridge/sources']),
    ).toEqual([]);
    expect(
      offending('src/bridge/sources', [
        'src/bridge/proxy',
        'src/bridge/rewrite',
        'src/bridge/advertiser',
        'src/bridge/daemon',
      ]),
    ).toEqual([]);
  });

  it('the rules see imports at all (a rule that matches nothing would pass silently)', () => {
    expect(importsOf('src/bridge/proxy/route.ts')).toContain('src/bridge/catalog/proxy-path.js');
  });
});
