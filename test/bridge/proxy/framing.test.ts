// Request smuggling. A GET (HEAD, OPTIONS) with
// Transfer-Encoding: chunked and whole requests in its body reached a
// keep-alive upstream as extra requests: a SUBSCRIBE with a CALLBACK to a third
// address (CallStranger, refused when sent directly) and a DELETE with a
// spoofed X-Forwarded-For. The upstream must see exactly the requests the
// client made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestFraming } from '../../../src/bridge/proxy/framing.js';
import { startHostileUpstream, type HostileUpstream } from '../../fixtures/upstreams/hostile.js';
import { bridgeTo, rawExchange, request, type Bridge } from './harness.js';
import { sleep } from '../../helpers/topology.js';

describe('requestFraming', () => {
  it('refuses a body on methods that carry none', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS', 'SUBSCRIBE', 'UNSUBSCRIBE']) {
      expect(requestFraming(method, { 'transfer-encoding': 'chunked' })).toMatchObject({ kind: 'refuse', status: 400 });
      expect(requestFraming(method, { 'content-length': '12' })).toMatchObject({ kind: 'refuse', status: 400 });
      expect(requestFraming(method, { 'content-length': '0' })).toEqual({ kind: 'none', sayEmpty: false });
      expect(requestFraming(method, {})).toEqual({ kind: 'none', sayEmpty: false });
    }
  });
  it('POST: a length streams, chunked is collected, nothing says Content-Length: 0', () => {
    expect(requestFraming('POST', { 'content-length': '512' })).toEqual({ kind: 'length', length: 512 });
    expect(requestFraming('POST', { 'transfer-encoding': 'Chunked ' })).toEqual({ kind: 'chunked' });
    expect(requestFraming('POST', {})).toEqual({ kind: 'none', sayEmpty: true });
  });
  it('refuses transfer codings it cannot pass on, and a Content-Length that is no number', () => {
    expect(requestFraming('POST', { 'transfer-encoding': 'gzip, chunked' })).toMatchObject({
      kind: 'refuse',
      status: 501,
    });
    expect(requestFraming('POST', { 'content-length': '1e3' })).toMatchObject({ kind: 'refuse', status: 400 });
  });
});

const SMUGGLED =
  'SUBSCRIBE /evt/ContentDir HTTP/1.1\r\nHost: x\r\nCALLBACK: <http://203.0.113.9:4000/evt>\r\nNT: upnp:event\r\nTIMEOUT: Second-300\r\n\r\n' +
  'DELETE /desc.xml HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 127.0.0.1\r\n\r\n';

function chunked(method: string, path: string, port: number, body: string): string {
  return `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nTransfer-Encoding: chunked\r\n\r\n${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n`;
}

describe('proxy: the upstream sees exactly the requests the client made', () => {
  let upstream: HostileUpstream;
  let bridge: Bridge;
  beforeAll(async () => {
    upstream = await startHostileUpstream();
    bridge = await bridgeTo(upstream);
  });
  afterAll(async () => {
    await bridge.close();
    await upstream.close();
  });

  for (const method of ['GET', 'HEAD', 'OPTIONS']) {
    it(`${method} with Transfer-Encoding: chunked carrying a SUBSCRIBE (foreign CALLBACK) and a DELETE (X-Forwarded-For: 127.0.0.1): 400, and neither reaches the upstream`, async () => {
      const before = upstream.requests.length;
      const out = await rawExchange(bridge.port, chunked(method, `/u/${bridge.key}/desc.xml`, bridge.port, SMUGGLED));
      expect(out).toMatch(/^HTTP\/1\.1 400 /);
      await sleep(300);
      const seen = upstream.requests.slice(before);
      expect(seen.map((r) => r.method)).not.toContain('SUBSCRIBE');
      expect(seen.map((r) => r.method)).not.toContain('DELETE');
      expect(seen).toEqual([]);
    });
  }

  it('GET with a Content-Length body: 400, nothing reaches the upstream', async () => {
    const before = upstream.requests.length;
    const out = await rawExchange(
      bridge.port,
      `GET /u/${bridge.key}/desc.xml HTTP/1.1\r\nHost: a\r\nContent-Length: ${SMUGGLED.length}\r\n\r\n${SMUGGLED}`,
    );
    expect(out).toMatch(/^HTTP\/1\.1 400 /);
    await sleep(200);
    expect(upstream.requests.slice(before)).toEqual([]);
  });

  it('a chunked SOAP POST reaches the upstream as one request, framed by Content-Length, body intact', async () => {
    const before = upstream.requests.length;
    const soap = '<?xml version="1.0"?><s:Envelope><s:Body><u:Browse/></s:Body></s:Envelope>';
    const out = await rawExchange(
      bridge.port,
      chunked('POST', `/u/${bridge.key}/ctl/ContentDir`, bridge.port, soap) +
        'GET /u/x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n',
    );
    expect(out).toMatch(/^HTTP\/1\.1 404 /); // the fixture has no such control URL; the point is what it saw
    await sleep(200);
    const seen = upstream.requests.slice(before);
    expect(seen).toHaveLength(1);
    const headers = Object.fromEntries(
      seen[0]!.rawHeaders.reduce<string[][]>(
        (acc, v, i, all) => (i % 2 ? acc : [...acc, [v.toLowerCase(), all[i + 1]!]]),
        [],
      ),
    );
    expect(headers['content-length']).toBe(String(soap.length));
    expect(headers['transfer-encoding']).toBeUndefined();
    expect(seen[0]!.body).toBe(soap);
  });

  it('a POST without a body goes with Content-Length: 0; a GET stays a GET without one', async () => {
    const before = upstream.requests.length;
    await request(bridge.url('/ctl/ContentDir'), { method: 'POST' });
    await request(bridge.url('/desc.xml'));
    const seen = upstream.requests.slice(before);
    expect(seen.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(seen[0]!.rawHeaders).toContain('Content-Length');
    expect(seen[1]!.rawHeaders.map((h) => h.toLowerCase())).not.toContain('transfer-encoding');
  });

  it('a chunked POST bigger than the cap: 413 and the connection closes', async () => {
    const small = await bridgeTo(upstream, { maxChunkedRequestBytes: 1000 });
    try {
      const before = upstream.requests.length;
      const out = await rawExchange(
        small.port,
        chunked('POST', `/u/${small.key}/ctl/ContentDir`, small.port, 'x'.repeat(5000)),
      );
      expect(out).toMatch(/^HTTP\/1\.1 413 /);
      expect(upstream.requests.slice(before)).toEqual([]);
    } finally {
      await small.close();
    }
  });
});
