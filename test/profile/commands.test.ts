// lint, fix and sync as run(options, io) -> exit code, in process with
// buffers for stdout and stderr (the CLI passes process.stdout/stderr).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { run as fix } from '../../src/profile/fix/command.js';
import { run as lint } from '../../src/profile/lint/command.js';
import { DEFAULT_POLICY } from '../../src/device-profile/model.js';
import { newsOnly, run as sync } from '../../src/profile/sync/command.js';
import type { SyncOutcome } from '../../src/profile/sync/pass.js';
import { corpusProfile, makeVolume, type FakeVolume } from './sync/helpers.js';

function buffers() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  return { io: { stdout, stderr }, out: () => out, err: () => err };
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'dlna-commands-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const volumes: FakeVolume[] = [];
afterEach(async () => {
  for (const v of volumes.splice(0)) await v.cleanup();
});

const LG = corpusProfile('LG Smart TV');

describe('profile commands as run(options, io)', () => {
  it('lint: the report on io.stdout, 1 for errors, 0 for a clean profile', async () => {
    const file = path.join(tmp, 'LG.xml');
    writeFileSync(file, LG);
    const b = buffers();
    expect(await lint({ paths: [file], format: 'text', policy: DEFAULT_POLICY }, b.io)).toBe(1);
    expect(b.out()).toContain('LG.xml');
    expect(b.out()).toMatch(/direct-play-container|direct-play-codec/);
    const empty = path.join(tmp, 'empty');
    rmSync(empty, { recursive: true, force: true });
    (await import('node:fs')).mkdirSync(empty);
    const e = buffers();
    expect(await lint({ paths: [empty], format: 'json', policy: DEFAULT_POLICY }, e.io)).toBe(0);
    expect(e.err()).toBe(`dlna-bridge: ${empty}: no .xml files\n`);
  });

  it('fix --dry-run: the diff on io.stdout, "nothing was written" on io.stderr, the file untouched', async () => {
    const file = path.join(tmp, 'fix-me.xml');
    writeFileSync(file, LG);
    const b = buffers();
    expect(await fix({ paths: [file], policy: DEFAULT_POLICY, dryRun: true, backup: false }, b.io)).toBe(0);
    expect(b.out()).toMatch(/^--- /m);
    expect(b.err()).toBe('dry run: nothing was written\n');
    expect((await import('node:fs')).readFileSync(file, 'utf8')).toBe(LG);
  });

  it('sync once: the report and the exit code; --dry-run writes nothing', async () => {
    const v = await makeVolume('official', { system: [], user: { 'My LG.xml': LG } });
    volumes.push(v);
    const before = await v.tree();
    const b = buffers();
    const options = {
      configDir: v.volume,
      layout: 'auto' as const,
      policy: DEFAULT_POLICY,
      gpu: true,
      encoding: true,
      tvUserAgent: undefined,
      dryRun: true,
      strict: false,
      format: 'text' as const,
      watch: false,
      debounceMs: 0,
    };
    expect(await sync(options, b.io)).toBe(0);
    expect(b.out()).toMatch(/^would fix +.*My LG\.xml/m);
    expect(await v.tree()).toEqual(before);
  });

  it('sync --watch: runs passes until the injected signal aborts, logs each pass on io.stderr, returns 0', async () => {
    const v = await makeVolume('linuxserver', { system: [], user: {} });
    volumes.push(v);
    const b = buffers();
    const stop = new AbortController();
    const options = {
      configDir: v.volume,
      layout: 'auto' as const,
      policy: DEFAULT_POLICY,
      gpu: false,
      encoding: false,
      tvUserAgent: undefined,
      dryRun: false,
      strict: false,
      format: 'json' as const,
      watch: true,
      debounceMs: 50,
    };
    const done = sync(options, { ...b.io, signal: stop.signal });
    const end = Date.now() + 15_000;
    while (!b.err().includes('"sync pass"') && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
    stop.abort();
    expect(await done).toBe(0);
    expect(b.err()).toContain('"msg":"watching"');
    expect(b.err()).toContain('"trigger":"start"');
    const report = JSON.parse(b.out().trim().split('\n')[0]!) as { layout?: string };
    expect(report).toBeTypeOf('object');
    // The signal handlers belong to the loop that installed them: an injected signal installs none.
    expect(process.listenerCount('SIGTERM')).toBe(0);
  }, 30_000);

  it('watch printing: a pass is printed when it wrote something or its findings changed, not when it says nothing new', () => {
    const printed: SyncOutcome[] = [];
    const print = newsOnly((o) => printed.push(o));
    const outcome = (written: number, problems: string[] = []): SyncOutcome =>
      ({
        plan: { liveSystemFolder: 'DLNA_10', systemFindings: [], problems, userFindings: [] },
        applied: { written: Array.from({ length: written }), raced: [], failed: [] },
      }) as unknown as SyncOutcome;
    print(outcome(3));
    print(outcome(0));
    print(outcome(0));
    print(outcome(0, ['x.xml: permission denied']));
    print(outcome(0, ['x.xml: permission denied']));
    print(outcome(1, ['x.xml: permission denied']));
    expect(printed.length).toBe(3);
  });
});
