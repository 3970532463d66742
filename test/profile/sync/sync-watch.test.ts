// `profile sync --watch` as a process: a plugin upgrade (new DLNA_11.0.0.0
// folder) and a rewritten user profile are re-applied; a half-written profile
// is not touched until it is complete; it never loops on its own writes; it
// exits 0 on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath } from '../../helpers/cli.js';
import { corpusProfile, makeVolume, type FakeVolume } from './helpers.js';

interface Watcher {
  child: ChildProcess;
  stdout(): string;
  /** The pino "sync pass" records so far. */
  passes(): Array<{ trigger: string; written: string[]; retry: boolean }>;
  exit: Promise<number | null>;
}

const running: Watcher[] = [];
const volumes: FakeVolume[] = [];
afterEach(async () => {
  for (const w of running.splice(0)) if (w.child.exitCode === null) w.child.kill('SIGKILL');
  for (const v of volumes.splice(0)) await v.cleanup();
});

function startWatch(volume: string, extra: string[] = []): Watcher {
  const child = spawn(
    process.execPath,
    [cliPath, 'profile', 'sync', '--config-dir', volume, '--watch', '--debounce', '150', ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const w: Watcher = {
    child,
    stdout: () => out,
    passes: () =>
      err
        .split('\n')
        .filter((l) => l.includes('"sync pass"'))
        .map((l) => JSON.parse(l) as { trigger: string; written: string[]; retry: boolean }),
    exit,
  };
  running.push(w);
  return w;
}

async function until(what: string, cond: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

const LG = corpusProfile('LG Smart TV');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('profile sync --watch', () => {
  it('re-applies after a plugin upgrade and a rewritten user profile, then settles; exits 0 on SIGTERM', async () => {
    const v = await makeVolume('official', { system: ['Xbox One'], user: { 'My LG.xml': LG } });
    volumes.push(v);
    const w = startWatch(v.volume);
    const user = path.join(v.paths.userProfilesDir, 'My LG.xml');
    await until('the first pass', () => w.passes().length >= 1);
    expect(w.passes()[0]).toMatchObject({ trigger: 'start' });
    expect(await readFile(user, 'utf8')).not.toBe(LG);

    // Plugin upgrade: a new DLNA folder with the (violating) corpus profiles; Jellyfin's dashboard rewrites the user profile.
    const upgraded = path.join(v.paths.pluginsDir, 'DLNA_11.0.0.0', 'profiles');
    await mkdir(upgraded, { recursive: true });
    await writeFile(path.join(upgraded, 'Xbox One.xml'), corpusProfile('Xbox One'));
    await writeFile(user, LG);
    await until('the user profile fixed again', async () => (await readFile(user, 'utf8')) !== LG);
    await until('the new plugin folder reported', () =>
      /DLNA_11\.0\.0\.0\/profiles\/Xbox One\.xml: \d+ errors?/.test(w.stdout()),
    );
    expect(w.stdout()).toMatch(/inactive +plugins\/DLNA_10\.0\.0\.0: older plugin version/);
    // The edit was not ours, so it was kept as .bak before fixing.
    expect(await readFile(`${user}.bak`, 'utf8')).toBe(LG);

    // Never loops on its own writes: once quiet, passes stop and none writes.
    await sleep(1500);
    const settled = w.passes().length;
    await sleep(1500);
    expect(w.passes().length).toBe(settled);
    expect(w.passes().at(-1)!.written).toEqual([]);

    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
  });

  it('a half-written user profile is never "fixed": left alone while incomplete, fixed once complete', async () => {
    const v = await makeVolume('linuxserver', { system: [] });
    volumes.push(v);
    const w = startWatch(v.volume, ['--no-encoding']);
    await until('the first pass', () => w.passes().length >= 1);
    const file = path.join(v.paths.userProfilesDir, 'Slow TV.xml');
    const half = LG.slice(0, Math.floor(LG.length / 2));
    await writeFile(file, half);
    await until('a pass that saw the half file and asked to retry', () => w.passes().some((p) => p.retry));
    await sleep(800);
    expect(await readFile(file, 'utf8')).toBe(half);
    expect((await readdir(v.paths.userProfilesDir)).filter((f) => f.startsWith('Slow TV.xml.'))).toEqual([]);

    await writeFile(file, LG); // the writer finishes
    await until('the completed profile fixed', async () => (await readFile(file, 'utf8')) !== LG);
    expect(await readFile(`${file}.bak`, 'utf8')).toBe(LG);
    w.child.kill('SIGINT');
    expect(await w.exit).toBe(0);
  });

  it('a file still growing is left alone until its size and mtime hold still', async () => {
    const v = await makeVolume('official', { system: [] });
    volumes.push(v);
    const w = startWatch(v.volume, ['--no-encoding']);
    await until('the first pass', () => w.passes().length >= 1);
    const file = path.join(v.paths.userProfilesDir, 'Growing.xml');
    // Valid XML at every step (a comment that keeps growing), rewritten every 300 ms: longer than the
    // debounce (150 ms), so passes do run, but shorter than the settle pause (500 ms), so each sees it move.
    const base = LG.replace('</Profile>', '');
    let pad = '';
    const writer = setInterval(() => {
      pad += 'x'.repeat(50);
      void writeFile(file, `${base}<!-- ${pad} --></Profile>\n`);
    }, 300);
    await sleep(2400);
    clearInterval(writer);
    const duringWrites = (await stat(file)).size;
    expect(await readFile(file, 'utf8')).toContain('<DirectPlayProfile container="ts,mpegts,avi,mkv,m2ts"');
    expect(w.passes().filter((p) => p.retry).length).toBeGreaterThan(0);
    expect(w.stdout()).toMatch(/Growing\.xml: is being written \(size or time changed while reading\)/);
    await until('fixed after the writer stopped', async () => !(await readFile(file, 'utf8')).includes('avi,mkv,m2ts'));
    expect(duringWrites).toBeGreaterThan(base.length);
    w.child.kill('SIGTERM');
    expect(await w.exit).toBe(0);
  });
});
