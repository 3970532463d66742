// Reading a user-named file: FIFOs, devices and endless files are refused, not waited on or swallowed.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readRegularFile, UnreadableFileError } from '../../src/util/read-regular-file.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('readRegularFile', () => {
  it('reads a regular file with its identity', async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'dlna-bridge-read-'));
    dirs.push(d);
    await writeFile(path.join(d, 'a'), 'hello');
    const f = await readRegularFile(path.join(d, 'a'), 100);
    expect(f.data.toString()).toBe('hello');
    expect(f.size).toBe(5);
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'dlna-bridge-read-'));
    dirs.push(d);
    const fifo = path.join(d, 'p.xml');
    execFileSync('mkfifo', [fifo]);
    await expect(readRegularFile(fifo, 100)).rejects.toThrow('is a FIFO, not a regular file');
  });

  it('refuses /dev/zero (a device) and a folder', async () => {
    await expect(readRegularFile('/dev/zero', 100)).rejects.toThrow('is a character device, not a regular file');
    await expect(readRegularFile(os.tmpdir(), 100)).rejects.toThrow('is a folder, not a regular file');
  });

  it('refuses a file over the cap without reading it all', async () => {
    const d = await mkdtemp(path.join(os.tmpdir(), 'dlna-bridge-read-'));
    dirs.push(d);
    await writeFile(path.join(d, 'big'), Buffer.alloc(2048));
    const err = await readRegularFile(path.join(d, 'big'), 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnreadableFileError);
    expect((err as UnreadableFileError).code).toBe('TOO_LARGE');
    expect((err as Error).message).toBe('is larger than the 1 KiB this command reads');
  });

  it('caps what it reads from a file that reports no size (/proc)', async () => {
    await expect(readRegularFile('/proc/self/status', 16)).rejects.toThrow(/larger than the 16 bytes/);
  });
});
