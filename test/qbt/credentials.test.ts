import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAuth } from '../../src/qbt/credentials.js';

const tmp = async (content: string | Buffer): Promise<string> => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'qbt-cred-'));
  const file = path.join(dir, 'secret');
  await writeFile(file, content);
  return file;
};

describe('qbt credentials: never from argv, from a file or the environment', () => {
  it('a password file loses one trailing newline, keeps inner spaces', async () => {
    const file = await tmp('pass word\n');
    expect(await resolveAuth({ passwordFile: file, env: {} })).toEqual({
      kind: 'password',
      username: 'admin',
      password: 'pass word',
    });
  });

  it('username from --username, else DLNA_BRIDGE_QBT_USERNAME, else admin', async () => {
    const env = { DLNA_BRIDGE_QBT_PASSWORD: 'p', DLNA_BRIDGE_QBT_USERNAME: 'envuser' };
    expect(await resolveAuth({ env })).toMatchObject({ username: 'envuser', password: 'p' });
    expect(await resolveAuth({ username: 'cli', env })).toMatchObject({ username: 'cli' });
  });

  it('an API key (file or env) wins over an env password', async () => {
    expect(await resolveAuth({ env: { DLNA_BRIDGE_QBT_API_KEY: 'key1', DLNA_BRIDGE_QBT_PASSWORD: 'p' } })).toEqual({
      kind: 'api-key',
      key: 'key1',
    });
    const file = await tmp('key2\r\n');
    expect(await resolveAuth({ apiKeyFile: file, env: {} })).toEqual({ kind: 'api-key', key: 'key2' });
  });

  it('--password-file - reads stdin', async () => {
    expect(await resolveAuth({ passwordFile: '-', env: {}, readStdin: async () => 's3cret\n' })).toMatchObject({
      password: 's3cret',
    });
  });

  it('nothing given: try without a login', async () => {
    expect(await resolveAuth({ env: {} })).toEqual({ kind: 'none' });
  });

  it('clear errors: unreadable, empty, oversized, both kinds at once', async () => {
    await expect(resolveAuth({ passwordFile: '/nonexistent/pw', env: {} })).rejects.toThrow(
      /cannot read the password file \/nonexistent\/pw/,
    );
    await expect(resolveAuth({ passwordFile: await tmp('\n'), env: {} })).rejects.toThrow(/is empty/);
    await expect(resolveAuth({ passwordFile: await tmp(Buffer.alloc(5000, 65)), env: {} })).rejects.toThrow(
      /larger than the 4 KiB/,
    );
    await expect(resolveAuth({ passwordFile: 'a', apiKeyFile: 'b', env: {} })).rejects.toThrow(/not both/);
  });
});
