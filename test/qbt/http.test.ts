// qBittorrent's side of the bounded exchange: each way a WebUI can fail is one
// line that says what to check (the reading itself: test/net/bounded-request.test.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { qbtHttp } from '../../src/qbt/http.js';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function serve(handler: http.RequestListener): Promise<URL> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/app/version?x=1`);
}

const get = (url: URL, over: { timeoutMs?: number; maxBytes?: number } = {}) =>
  qbtHttp({ method: 'GET', url, headers: {}, timeoutMs: over.timeoutMs ?? 2000, maxBytes: over.maxBytes ?? 1000 });

describe('qbtHttp', () => {
  it('posts the form and returns status, text and every Set-Cookie', async () => {
    let seen = '';
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = `${req.headers['content-type']} ${body}`;
        res
          .writeHead(200, [
            ['Set-Cookie', 'SID=a'],
            ['Set-Cookie', 'x=b'],
          ])
          .end('Ok.');
      });
    });
    const res = await qbtHttp({
      method: 'POST',
      url,
      headers: {},
      form: new URLSearchParams({ username: 'admin' }),
      timeoutMs: 2000,
      maxBytes: 1000,
    });
    expect(res).toEqual({ status: 200, body: 'Ok.', setCookies: ['SID=a', 'x=b'] });
    expect(seen).toBe('application/x-www-form-urlencoded username=admin');
  });

  it('too large, broken off, silent, refused: one line each, naming the WebUI', async () => {
    const url = await serve((req, res) => {
      if (req.url!.includes('big')) res.end('x'.repeat(5000));
      else if (req.url!.includes('cut')) {
        res.writeHead(200, { 'content-length': 100 });
        res.write('half', () => setTimeout(() => req.socket.resetAndDestroy(), 20));
      }
    });
    const origin = url.origin;
    const failure = (p: Promise<unknown>) =>
      p.catch((err: { code: string; message: string }) => ({ code: err.code, message: err.message }));
    expect(await failure(get(new URL('/big', url)))).toEqual({
      code: 'QBT_ANSWER_TOO_LARGE',
      message: `${origin}/big: answer exceeds 1000 bytes; is this really qBittorrent's WebUI?`,
    });
    expect(await failure(get(new URL('/cut', url)))).toMatchObject({
      code: 'QBT_ANSWER_BROKEN',
      message: expect.stringMatching(new RegExp(`^qBittorrent at ${origin} broke off its answer: `)),
    });
    expect(await failure(get(new URL('/silent', url), { timeoutMs: 150 }))).toEqual({
      code: 'QBT_NO_ANSWER',
      message: `cannot reach qBittorrent at ${origin}: no answer within 150 ms`,
    });
    server!.closeAllConnections();
    await new Promise((r) => server!.close(r));
    server = undefined;
    expect(await failure(get(url))).toEqual({
      code: 'QBT_UNREACHABLE',
      message: `cannot reach qBittorrent at ${origin}: connection refused (is qBittorrent running, and is this its WebUI port?)`,
    });
  });
});
