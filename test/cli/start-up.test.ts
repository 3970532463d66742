import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';

// Start-up is what `profile lint` in a pre-commit hook and `--help` cost
// (bench/cli-cold-start.mjs times it). Timing is too noisy for a
// test; what is loaded is not: these run the built CLI with a preload that
// records every module file it loads, and name the sources behind them
// (dist/cli/bundle-inputs.json for the bundle's files, src/<x>.ts for tsc's).

const dist = path.join(repoRoot, 'dist');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'dlna-bridge-start-up-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Loaded {
  /** JavaScript files read (the bundle's entry and chunks, or tsc's modules, and packages' files). */
  jsFiles: string[];
  /** Packages by name, e.g. commander. */
  packages: Set<string>;
  /** The project's sources behind what was loaded, e.g. src/device-profile/parse.ts. */
  sources: Set<string>;
}

const preload = pathToFileURL(path.join(repoRoot, 'test/cli/record-loads.mjs')).href;

async function loadedBy(args: string[], exitCode: number): Promise<Loaded> {
  const record = path.join(tmp, `${args.join('-').replace(/\W+/g, '_')}.txt`);
  const r = await runCli(args, {
    env: { DLNA_BRIDGE_RECORD_LOADS: record, NODE_OPTIONS: `--no-warnings --import=${preload}` },
  });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(exitCode);
  return resolveLoads(readFileSync(record, 'utf8').split('\n').filter(Boolean));
}

function resolveLoads(files: string[]): Loaded {
  const inputsFile = path.join(dist, 'cli/bundle-inputs.json');
  const bundle = JSON.parse(readFileSync(inputsFile, 'utf8')) as Record<string, string[]>;
  const loaded: Loaded = { jsFiles: [], packages: new Set(), sources: new Set() };
  const addSource = (input: string): void => {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    if (pkg) loaded.packages.add(pkg[1]!);
    else loaded.sources.add(input);
  };
  for (const file of new Set(files)) {
    if (!/\.[cm]?js$/.test(file)) continue;
    loaded.jsFiles.push(file);
    const inBundle = bundle[path.relative(path.join(dist, 'cli'), file).split(path.sep).join('/')];
    if (inBundle) inBundle.forEach(addSource);
    else if (file.startsWith(dist + path.sep)) addSource(`src/${path.relative(dist, file).replace(/\.js$/, '.ts')}`);
    else addSource(file);
  }
  return loaded;
}

describe('start-up: what a command loads (issue 14)', () => {
  it('dist/cli/main.js is the bundle: --help reads a handful of files, not every command module', async () => {
    expect(readFileSync(cliPath, 'utf8')).toContain('./chunks/');
    const help = await loadedBy(['--help'], 0);
    expect(help.sources).toContain('src/cli/program.ts'); // the recording saw the program
    expect(help.jsFiles.length).toBeLessThanOrEqual(6);
  });

  it('--help loads commander and the flags, no implementation: no other package, nothing of the profile engine', async () => {
    const help = await loadedBy(['--help'], 0);
    expect([...help.packages]).toEqual(['commander']);
    // Outside src/cli only flag tables (pure data, such as serve's), the errors' base class the CLI maps and the exit codes.
    const shared = new Set(['src/util/errors.ts', 'src/util/exit-codes.ts']);
    const beyondCli = [...help.sources].filter(
      (s) => !s.startsWith('src/cli/') && !/\/options\.ts$/.test(s) && !shared.has(s),
    );
    expect(beyondCli).toEqual([]);
  });

  it('profile lint loads commander and the lint path only: no XML library, no schema library, no logger, no Kubernetes client', async () => {
    const profile = path.join(repoRoot, 'test/fixtures/jellyfin-profiles/LG Smart TV.xml');
    const lint = await loadedBy(['profile', 'lint', profile], 1);
    expect(lint.sources).toContain('src/profile/lint/runner.ts');
    expect([...lint.packages]).toEqual(['commander']);
    // Not the daemon, the stack, qBittorrent or discovery: the command's own areas.
    const lintAreas = /^src\/(cli|profile|device-profile|playback|xml|media|util)\//;
    const beyondFlags = [...lint.sources].filter((s) => !lintAreas.test(s) && !/\/options\.ts$/.test(s));
    expect(beyondFlags).toEqual([]);
  });
});
