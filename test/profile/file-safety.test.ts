// The file-writing commands against what a real disk holds: the same file named
// twice, concurrent runs, FIFOs and devices, a profile folder that links out of
// the volume. Nothing is lost and nothing outside the target is touched.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { requirementsMet } from '../helpers/requirements.js';
import { corpusDir } from './corpus.js';
import { makeVolume } from './sync/helpers.js';

let dir: string;
const lg = path.join(corpusDir, 'LG Smart TV.xml');
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dlna-bridge-file-safety-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fresh(name: string): string {
  const sub = mkdtempSync(path.join(dir, `${name}-`));
  const file = path.join(sub, 'LG.xml');
  copyFileSync(lg, file);
  return file;
}

describe('profile fix: each file once, backups that keep the original', () => {
  it('the same file named twice is fixed once; the .bak holds the original, not the first fix', async () => {
    const file = fresh('twice');
    const original = readFileSync(file, 'utf8');
    const r = await runCli(['profile', 'fix', '--backup', file, file]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/: fixed/g)).toHaveLength(1);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(original);
    expect(readdirSync(path.dirname(file)).sort()).toEqual(['LG.xml', 'LG.xml.bak']);
  });

  it('a file and its folder, or a link and its target, name one file', async () => {
    const file = fresh('folder');
    const original = readFileSync(file, 'utf8');
    const link = path.join(dir, `link-${path.basename(path.dirname(file))}.xml`);
    symlinkSync(file, link);
    const r = await runCli(['profile', 'fix', '--backup', file, path.dirname(file), link]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/: fixed/g)).toHaveLength(1);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(original);
    // Fixed where it lives; the link stays a link.
    expect(execFileSync('readlink', [link], { encoding: 'utf8' }).trim()).toBe(file);
  });

  it('ten concurrent runs: the file ends fixed and a backup holds the original byte for byte', async () => {
    const file = fresh('concurrent');
    const original = readFileSync(file, 'utf8');
    const runs = await Promise.all(Array.from({ length: 10 }, () => runCli(['profile', 'fix', '--backup', file])));
    for (const r of runs) expect([0, 2]).toContain(r.code);
    for (const r of runs.filter((x) => x.code === 2))
      expect(r.stderr).toMatch(/written by someone else after it was read; not written/);
    const again = await runCli(['profile', 'fix', file]);
    expect(again.stdout).toContain('already fixed');
    const backups = readdirSync(path.dirname(file)).filter((n) => n.includes('.bak'));
    expect(backups.map((n) => readFileSync(path.join(path.dirname(file), n), 'utf8'))).toContain(original);
    // No leftover temporary files.
    expect(readdirSync(path.dirname(file)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a second --backup run never overwrites the first backup', async () => {
    const file = fresh('second');
    const original = readFileSync(file, 'utf8');
    expect((await runCli(['profile', 'fix', '--backup', file])).code).toBe(0);
    // The user puts the unfixed profile back (say, from Jellyfin's image) and fixes again.
    const fixed = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('LG Smart TV', 'LG Smart TV (edited)'));
    const r = await runCli(['profile', 'fix', '--backup', file]);
    expect(r.stdout).toContain(`previous version kept as ${file}.bak.1`);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(original);
    expect(readFileSync(`${file}.bak.1`, 'utf8')).toContain('LG Smart TV (edited)');
    expect(fixed).not.toBe(original);
  });
});

describe('reading user files: FIFOs, devices and endless files are refused in one line', () => {
  it('profile lint /dev/zero: exit 2 at once, bounded memory', async () => {
    const r = await runCli(['profile', 'lint', '/dev/zero'], { timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('dlna-bridge: cannot read /dev/zero: is a character device, not a regular file');
  });

  it('profile lint and fix on a FIFO: exit 2 at once (no hang)', async () => {
    const fifo = path.join(dir, 'pipe.xml');
    execFileSync('mkfifo', [fifo]);
    for (const cmd of ['lint', 'fix']) {
      const r = await runCli(['profile', cmd, fifo], { timeoutMs: 10_000 });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`cannot read ${fifo}: is a FIFO, not a regular file`);
    }
  });

  it('a profile larger than 4 MiB is refused, not read', async () => {
    const big = path.join(dir, 'big.xml');
    writeFileSync(big, Buffer.alloc(5 * 1024 * 1024, 0x20));
    const r = await runCli(['profile', 'lint', big]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is larger than the 4 MiB this command reads');
  });
});

describe('profile sync writes only inside --config-dir', () => {
  it('a user-profile folder that is a link out of the volume: nothing is written outside, exit 2 naming why', async () => {
    const v = await makeVolume('official', { system: [], user: {} });
    const outside = mkdtempSync(path.join(os.tmpdir(), 'dlna-bridge-outside-'));
    try {
      await rm(v.paths.userProfilesDir, { recursive: true });
      symlinkSync(outside, v.paths.userProfilesDir);
      const r = await runCli(['profile', 'sync', '--config-dir', v.volume]);
      expect(r.code).toBe(2);
      expect(r.stdout + r.stderr).toContain(`resolves to ${outside}, outside the volume ${v.volume}`);
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
      await v.cleanup();
    }
  });

  it('a FIFO named like a profile does not hang sync', async () => {
    const v = await makeVolume('official', { system: [], user: {} });
    try {
      execFileSync('mkfifo', [path.join(v.paths.userProfilesDir, 'Pipe.xml')]);
      const r = await runCli(['profile', 'sync', '--config-dir', v.volume], { timeoutMs: 20_000 });
      expect(r.code).not.toBeNull();
      expect(existsSync(path.join(v.paths.userProfilesDir, 'Pipe.xml'))).toBe(true);
    } finally {
      await v.cleanup();
    }
  });
});

describe.skipIf(!requirementsMet([]))('profile sync as root: ownership set through handles', () => {
  it('new files get the folder owner; a root-owned file elsewhere keeps its owner', async () => {
    const v = await makeVolume('official', { system: [], user: {} });
    const secret = path.join(dir, 'root-secret');
    writeFileSync(secret, 'root only', { mode: 0o600 });
    try {
      execFileSync('chown', ['-R', '65534:65534', v.volume]);
      const r = await runCli(['profile', 'sync', '--config-dir', v.volume]);
      expect(r.code).toBe(0);
      const owners = execFileSync('find', [v.paths.userProfilesDir, '-printf', '%u:%g\\n'], { encoding: 'utf8' })
        .trim()
        .split('\n');
      expect(new Set(owners)).toEqual(new Set(['nobody:nogroup']));
      expect(execFileSync('stat', ['-c', '%u %a', secret], { encoding: 'utf8' }).trim()).toBe('0 600');
    } finally {
      await v.cleanup();
    }
  });
});
