// The writer every command uses: what it refuses, what it keeps, what it never touches.
import { chmod, lstat, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { atomicWriteFile, FileChangedError, NotReplaceableError } from '../../src/util/atomic-write.js';
import { requirementsMet } from '../helpers/requirements.js';

const dirs: string[] = [];
async function tmpdir(): Promise<string> {
  const d = await mkdtemp(path.join(os.tmpdir(), 'dlna-bridge-atomic-'));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function identity(file: string): Promise<{ ino: number; size: number; mtimeMs: number }> {
  const st = await stat(file);
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
}

describe('atomicWriteFile', () => {
  it('replaces the content, keeps the mode and leaves no temporary file', async () => {
    const d = await tmpdir();
    const f = path.join(d, 'a.xml');
    await writeFile(f, 'old');
    await chmod(f, 0o600);
    await atomicWriteFile(f, 'new');
    expect(await readFile(f, 'utf8')).toBe('new');
    expect((await stat(f)).mode & 0o777).toBe(0o600);
    expect(await readdir(d)).toEqual(['a.xml']);
  });

  it('refuses to replace a file edited since it was read, and keeps the edit', async () => {
    const d = await tmpdir();
    const f = path.join(d, 'a.xml');
    await writeFile(f, 'read');
    const seen = await identity(f);
    await new Promise((r) => setTimeout(r, 5));
    await writeFile(f, 'edited meanwhile');
    await expect(atomicWriteFile(f, 'ours', { expect: seen, backup: true })).rejects.toThrow(FileChangedError);
    expect(await readFile(f, 'utf8')).toBe('edited meanwhile');
    expect(await readdir(d)).toEqual(['a.xml']);
  });

  it("refuses a file replaced by an editor's rename (new inode) and a removed one", async () => {
    const d = await tmpdir();
    const f = path.join(d, 'a.xml');
    await writeFile(f, 'read');
    const seen = await identity(f);
    await writeFile(path.join(d, 'b'), 'read');
    await rm(f);
    await expect(atomicWriteFile(f, 'ours', { expect: seen })).rejects.toThrow(/was removed after it was read/);
    execFileSync('mv', [path.join(d, 'b'), f]);
    await expect(atomicWriteFile(f, 'ours', { expect: seen })).rejects.toThrow(/written by someone else/);
    expect(await readFile(f, 'utf8')).toBe('read');
  });

  it("'absent' creates a new file but never overwrites one that appeared", async () => {
    const d = await tmpdir();
    const f = path.join(d, 'new.xml');
    await atomicWriteFile(f, 'ours', { expect: 'absent' });
    expect(await readFile(f, 'utf8')).toBe('ours');
    await expect(atomicWriteFile(f, 'again', { expect: 'absent' })).rejects.toThrow(/created by someone else/);
    expect(await readFile(f, 'utf8')).toBe('ours');
    expect(await readdir(d)).toEqual(['new.xml']);
  });

  it('never follows a symbolic link at the target: the file it points to is untouched', async () => {
    const d = await tmpdir();
    const outside = path.join(d, 'outside');
    await writeFile(outside, 'secret');
    await chmod(outside, 0o600);
    const f = path.join(d, 'profile.xml');
    await symlink(outside, f);
    await expect(atomicWriteFile(f, 'ours', { backup: true })).rejects.toThrow(NotReplaceableError);
    expect(await readFile(outside, 'utf8')).toBe('secret');
    expect((await lstat(f)).isSymbolicLink()).toBe(true);
    expect((await readdir(d)).sort()).toEqual(['outside', 'profile.xml']);
  });

  it('a backup never overwrites a different backup: it takes .bak.1, .bak.2; an equal one is reused', async () => {
    const d = await tmpdir();
    const f = path.join(d, 'a.xml');
    await writeFile(f, 'v1');
    expect((await atomicWriteFile(f, 'v2', { backup: true })).backupPath).toBe(`${f}.bak`);
    expect((await atomicWriteFile(f, 'v3', { backup: true })).backupPath).toBe(`${f}.bak.1`);
    expect((await atomicWriteFile(f, 'v4', { backup: true })).backupPath).toBe(`${f}.bak.2`);
    await writeFile(f, 'v1');
    expect((await atomicWriteFile(f, 'v5', { backup: true })).backupPath).toBe(`${f}.bak`);
    expect(await readFile(`${f}.bak`, 'utf8')).toBe('v1');
    expect(await readFile(`${f}.bak.1`, 'utf8')).toBe('v2');
    expect(await readFile(`${f}.bak.2`, 'utf8')).toBe('v3');
  });

  it('a symlink sitting on the backup name is left alone (never written through)', async () => {
    const d = await tmpdir();
    const outside = path.join(d, 'outside');
    await writeFile(outside, 'keep');
    const f = path.join(d, 'a.xml');
    await writeFile(f, 'v1');
    await symlink(outside, `${f}.bak`);
    expect((await atomicWriteFile(f, 'v2', { backup: true })).backupPath).toBe(`${f}.bak.1`);
    expect(await readFile(outside, 'utf8')).toBe('keep');
    expect(await readFile(`${f}.bak.1`, 'utf8')).toBe('v1');
  });

  it.skipIf(!requirementsMet([]))(
    'as root, the owner of a new file is set on the temporary file, before it has the name',
    async () => {
      const d = await tmpdir();
      const f = path.join(d, 'new.xml');
      await atomicWriteFile(f, 'x', { owner: { uid: 65534, gid: 65534 }, expect: 'absent' });
      const st = await stat(f);
      expect([st.uid, st.gid]).toEqual([65534, 65534]);
    },
  );
});
