import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { QbtClient } from '../../src/qbt/client.js';
import { fixture, startFakeQbt, type FakeQbt } from './helpers/fake-qbt.js';

let fake: FakeQbt | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const logins = (f: FakeQbt) => f.seen.filter((r) => r.path === '/api/v2/auth/login');

describe('qBittorrent login on every generation', () => {
  it('4.x: 200 "Ok." + SID, Referer and Origin name the Host, the cookie is sent back', async () => {
    fake = await startFakeQbt({ generation: '4.5.2', password: 'adminadmin' });
    const client = new QbtClient(new URL(fake.url), { kind: 'password', username: 'admin', password: 'adminadmin' });
    expect(await client.connect()).toEqual({ version: 'v4.5.2', session: 'cookie SID (up to 5.1)' });
    const [login] = logins(fake);
    expect(login!.headers.referer).toBe(`${fake.url}/`);
    expect(login!.headers.origin).toBe(fake.url);
    expect(login!.form.get('username')).toBe('admin');
    expect(fake.seen.at(-1)!.headers.cookie).toBe('SID=Zd+cz16TELIYZ5fLV63ZFWuIhZhuEiw9');
  });

  it('5.2+: 204 + QBT_SID_8080 works even when reached on another port (port-forward)', async () => {
    fake = await startFakeQbt({ generation: '5.2', password: 'pw' });
    const client = new QbtClient(new URL(fake.url), { kind: 'password', username: 'admin', password: 'pw' });
    expect(await client.connect()).toEqual({ version: 'v5.2.0', session: 'cookie QBT_SID_<port> (5.2+)' });
    expect(fake.seen.at(-1)!.headers.cookie).toBe('QBT_SID_8080=9b3bZqkR0m1rK3yVw8cQ2Vt9o1s0c7Ue');
  });

  it('API key: Authorization Bearer on every call, no login request at all', async () => {
    fake = await startFakeQbt({ generation: '5.2', apiKey: 'qbt_abc' });
    const client = new QbtClient(new URL(fake.url), { kind: 'api-key', key: 'qbt_abc' });
    expect(await client.connect()).toEqual({ version: 'v5.2.0', session: 'API key' });
    expect(await client.preferences()).toMatchObject({ save_path: '/downloads' });
    expect(logins(fake)).toEqual([]);
    expect(fake.seen.every((r) => r.headers.authorization === 'Bearer qbt_abc')).toBe(true);
  });

  it('no login needed (whitelisted address): no password is sent', async () => {
    fake = await startFakeQbt({ generation: '4.5.2', noAuth: true });
    const client = new QbtClient(new URL(fake.url), { kind: 'password', username: 'admin', password: 'x' });
    expect(await client.connect()).toEqual({ version: 'v4.5.2', session: 'no login needed' });
    expect(logins(fake)).toEqual([]);
  });

  it('a reverse-proxy prefix in --url is kept', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.writeHead(200).end('v4.5.2');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await new QbtClient(new URL(`http://127.0.0.1:${port}/qbt`), { kind: 'none' }).connect();
      expect(seen).toEqual(['/qbt/api/v2/app/version']);
    } finally {
      server.close();
    }
  });
});

describe('qBittorrent login failures stop at once (qBittorrent bans after repeated failures)', () => {
  for (const generation of ['4.5.2', '5.2'] as const) {
    it(`${generation}: wrong password -> one login request, a clear message`, async () => {
      fake = await startFakeQbt({ generation, password: 'right' });
      const client = new QbtClient(new URL(fake.url), { kind: 'password', username: 'admin', password: 'wrong' });
      await expect(client.connect()).rejects.toMatchObject({
        code: 'QBT_LOGIN_REFUSED',
        message: expect.stringMatching(/rejected the login for user "admin".*wrong username or password.*Not retrying/),
      });
      expect(logins(fake)).toHaveLength(1);
    });
  }

  it('a ban is named as a ban, with the way out', async () => {
    const banned = fixture('4.5.2', 'banned');
    const server = http.createServer((req, res) => {
      if (req.url?.endsWith('/auth/login')) res.writeHead(banned.status, banned.headers).end(banned.body);
      else res.writeHead(403).end('Forbidden');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await expect(
        new QbtClient(new URL(`http://127.0.0.1:${port}`), {
          kind: 'password',
          username: 'a',
          password: 'p',
        }).connect(),
      ).rejects.toThrow(/banned this address.*WebUI\\BanDuration/);
    } finally {
      server.close();
    }
  });

  it('5.2 API key that is wrong: 403 on the probe, a message that names API keys, no login', async () => {
    fake = await startFakeQbt({ generation: '5.2', apiKey: 'right' });
    await expect(new QbtClient(new URL(fake.url), { kind: 'api-key', key: 'wrong' }).connect()).rejects.toThrow(
      /refused the API key.*older than 5.2/,
    );
    expect(logins(fake)).toEqual([]);
  });

  it('no credentials but a login is needed: says how to give them', async () => {
    fake = await startFakeQbt({ generation: '4.5.2', password: 'p' });
    await expect(new QbtClient(new URL(fake.url), { kind: 'none' }).connect()).rejects.toMatchObject({
      code: 'QBT_LOGIN_REQUIRED',
      message: expect.stringMatching(
        /requires a login: give its password \(a password file, or DLNA_BRIDGE_QBT_PASSWORD\)/,
      ),
    });
  });
});

describe('qBittorrent unreachable or not qBittorrent', () => {
  it('connection refused names the address (QBT_UNREACHABLE)', async () => {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    await expect(new QbtClient(new URL(`http://127.0.0.1:${port}`), { kind: 'none' }).connect()).rejects.toMatchObject({
      code: 'QBT_UNREACHABLE',
      message: expect.stringMatching(
        new RegExp(`cannot reach qBittorrent at http://127.0.0.1:${port}: connection refused`),
      ),
    });
  });

  it('a server that never answers hits the deadline', async () => {
    const server = http.createServer(() => {});
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await expect(
        new QbtClient(new URL(`http://127.0.0.1:${port}`), { kind: 'none' }, { timeoutMs: 300 }).connect(),
      ).rejects.toThrow(/no answer within 300 ms/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('an endless body is cut off at the size cap', async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = (): void => {
        while (res.write(chunk)) if (res.destroyed) return;
        res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await expect(
        new QbtClient(new URL(`http://127.0.0.1:${port}`), { kind: 'none' }, { maxBytes: 100_000 }).connect(),
      ).rejects.toThrow(/exceeds 100000 bytes/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a rejected Host header (401 before any login) is explained', async () => {
    const rejected = fixture('4.5.2', 'host-rejected');
    const server = http.createServer((_req, res) =>
      res.writeHead(rejected.status, rejected.headers).end(rejected.body),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      await expect(
        new QbtClient(new URL(`http://127.0.0.1:${port}`), {
          kind: 'password',
          username: 'a',
          password: 'b',
        }).connect(),
      ).rejects.toThrow(/401 Unauthorized\) before any login.*WebUI\\ServerDomains/);
    } finally {
      server.close();
    }
  });

  it('a JSON answer without save paths is refused with the missing field', async () => {
    fake = await startFakeQbt({ generation: '4.5.2', noAuth: true, torrents: [{ hash: 'h', name: 'n' } as never] });
    const client = new QbtClient(new URL(fake.url), { kind: 'none' });
    await expect(client.torrents()).rejects.toThrow(/torrents\/info lacks what this tool needs \(0\.save_path/);
  });
});

describe("setLocation errors carry qBittorrent's reason", () => {
  it('409 "Cannot make save path"', async () => {
    fake = await startFakeQbt({
      generation: '4.5.2',
      noAuth: true,
      setLocationAnswer: fixture('4.5.2', 'set-location-conflict'),
    });
    const client = new QbtClient(new URL(fake.url), { kind: 'none' });
    await expect(client.setLocation(['h'], '/data/torrents')).rejects.toMatchObject({
      code: 'QBT_SAVE_PATH_REFUSED',
      message: expect.stringMatching(/cannot create \/data\/torrents \(409 Cannot make save path\).*Nothing was moved/),
    });
  });

  it('403 "Cannot write to directory" (4.x checks access itself)', async () => {
    fake = await startFakeQbt({
      generation: '4.5.2',
      noAuth: true,
      setLocationAnswer: { status: 403, headers: {}, body: 'Cannot write to directory' },
    });
    await expect(new QbtClient(new URL(fake.url), { kind: 'none' }).setLocation(['h'], '/ro')).rejects.toThrow(
      /cannot write to \/ro \(403 Cannot write to directory\)/,
    );
  });

  it('5.2 answers a setLocation with 204: success', async () => {
    fake = await startFakeQbt({ generation: '5.2', apiKey: 'k', torrents: [] });
    await expect(
      new QbtClient(new URL(fake.url), { kind: 'api-key', key: 'k' }).setLocation(['h'], '/d'),
    ).resolves.toBeUndefined();
  });
});
