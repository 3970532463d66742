// The one bounded HTTP exchange every client uses (UPnP fetches, qBittorrent,
// the lite Kubernetes client), against a server that misbehaves in every way
// the hostile-upstream fixture knows.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boundedRequest, BoundedRequestError } from '../../src/net/bounded-request.js';
import { DlnaBridgeError } from '../../src/util/errors.js';
import { startHostileUpstream, type HostileUpstream } from '../fixtures/upstreams/hostile.js';

let hostile: HostileUpstream;
beforeAll(async () => {
  hostile = await startHostileUpstream();
});
afterAll(async () => {
  await hostile.close();
});

const at = (path: string): URL => new URL(`http://127.0.0.1:${hostile.port}${path}`);
const failure = (p: Promise<unknown>): Promise<BoundedRequestError> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => {
      expect(err).toBeInstanceOf(BoundedRequestError);
      return err as BoundedRequestError;
    },
  );

async function serve(handler: http.RequestListener): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

describe('boundedRequest', () => {
  it('answers with status, headers and the whole body; sends method, headers and body', async () => {
    let seen = '';
    const s = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = `${req.method} ${req.url} ${req.headers['x-a']} ${body}`;
        res.writeHead(201, { 'x-b': '2' }).end('hello');
      });
    });
    try {
      const res = await boundedRequest(new URL(`${s.url}/p?q=1`), {
        method: 'POST',
        headers: { 'x-a': '1' },
        body: 'form',
        timeoutMs: 2000,
        maxBytes: 100,
      });
      expect([res.status, res.headers['x-b'], res.body.toString()]).toEqual([201, '2', 'hello']);
      expect(seen).toBe('POST /p?q=1 1 form');
    } finally {
      await s.close();
    }
  });

  it('a bad status is an answer the caller judges: 404 and 500 resolve, a redirect is returned, not followed', async () => {
    expect((await boundedRequest(at('/nothing-here'), { timeoutMs: 2000, maxBytes: 1000 })).status).toBe(404);
    let followed = false;
    const s = await serve((req, res) => {
      if (req.url === '/elsewhere') followed = true;
      if (req.url === '/boom') res.writeHead(500).end('oops');
      else res.writeHead(302, { location: '/elsewhere' }).end();
    });
    try {
      const boom = await boundedRequest(new URL(`${s.url}/boom`), { timeoutMs: 2000, maxBytes: 1000 });
      expect([boom.status, boom.body.toString()]).toEqual([500, 'oops']);
      const redirect = await boundedRequest(new URL(`${s.url}/r`), { timeoutMs: 2000, maxBytes: 1000 });
      expect([redirect.status, redirect.headers.location, followed]).toEqual([302, '/elsewhere', false]);
    } finally {
      await s.close();
    }
  });

  it('a status line that is not HTTP is no answer (network, with the parser code)', async () => {
    const err = await failure(boundedRequest(at('/status/abc'), { timeoutMs: 2000, maxBytes: 1000 }));
    expect([err.failure, err.code, err.kind]).toEqual(['network', 'HTTP_NO_ANSWER', 'environment']);
    expect(err.errno).toMatch(/^HPE_/);
    const garbage = await failure(boundedRequest(at('/garbage'), { timeoutMs: 2000, maxBytes: 1000 }));
    expect(garbage.failure).toBe('network');
  });

  it('size cap: a declared length over it is refused before reading, an undeclared one while reading', async () => {
    const declared = await failure(boundedRequest(at('/xml?bytes=5000'), { timeoutMs: 2000, maxBytes: 1000 }));
    expect([declared.failure, declared.code]).toEqual(['too-large', 'HTTP_ANSWER_TOO_LARGE']);
    expect(declared.message).toBe(
      `http://127.0.0.1:${hostile.port}/xml: body of 5000 bytes exceeds the 1000-byte limit`,
    );
    const chunked = await failure(boundedRequest(at('/xml?bytes=5000&chunked=1'), { timeoutMs: 2000, maxBytes: 1000 }));
    expect(chunked.message).toBe(`http://127.0.0.1:${hostile.port}/xml: body exceeds the 1000-byte limit`);
  });

  it('an endless body ends at the cap, at once', async () => {
    const started = Date.now();
    const err = await failure(boundedRequest(at('/endless?type=xml'), { timeoutMs: 5000, maxBytes: 64 * 1024 }));
    expect(err.failure).toBe('too-large');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('timeout covers the body: a server that stalls after its headers, or trickles bytes, ends at the deadline', async () => {
    for (const path of ['/stall?type=xml', '/slow?bytes=100000&every=20&type=xml']) {
      const started = Date.now();
      const err = await failure(boundedRequest(at(path), { timeoutMs: 300, maxBytes: 1_000_000 }));
      expect([err.failure, err.code, err.detail]).toEqual([
        'timeout',
        'HTTP_TIMEOUT',
        'no complete answer within 300 ms',
      ]);
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });

  it('a server that accepts and never answers times out', async () => {
    const s = await serve(() => {});
    try {
      const err = await failure(boundedRequest(new URL(`${s.url}/x`), { timeoutMs: 200, maxBytes: 1000 }));
      expect(err.failure).toBe('timeout');
    } finally {
      await s.close();
    }
  });

  it('an answer broken off mid-body is `broken`', async () => {
    const err = await failure(
      boundedRequest(at('/reset?bytes=200000&type=xml'), { timeoutMs: 3000, maxBytes: 1_000_000 }),
    );
    expect([err.failure, err.code]).toEqual(['broken', 'HTTP_ANSWER_BROKEN']);
  });

  it('connection refused: network, with ECONNREFUSED for callers that explain it', async () => {
    const s = await serve(() => {});
    const url = new URL(`${s.url}/x`);
    await s.close();
    const err = await failure(boundedRequest(url, { timeoutMs: 2000, maxBytes: 1000 }));
    expect([err.failure, err.errno]).toEqual(['network', 'ECONNREFUSED']);
    expect(err).toBeInstanceOf(DlnaBridgeError);
  });

  it('refuses schemes the caller does not accept, sending nothing; messages never carry userinfo or query', async () => {
    const err = await failure(
      boundedRequest(new URL('https://user:s3cret@192.0.2.1/x?api_key=k'), {
        timeoutMs: 2000,
        maxBytes: 1000,
        schemes: ['http:'],
      }),
    );
    expect([err.failure, err.code]).toEqual(['bad-url', 'HTTP_BAD_URL']);
    expect(err.message).toBe('https://192.0.2.1/x: only http:// URLs are requested, not https:');
    const refused = await failure(
      boundedRequest(new URL('http://user:s3cret@127.0.0.1:9/x?api_key=k'), { timeoutMs: 2000, maxBytes: 1000 }),
    );
    expect(refused.message).not.toMatch(/s3cret|api_key|user/);
  });
});
