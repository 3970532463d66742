// An upstream answering "HTTP/1.1 099 X" (or 000) made the
// proxy throw ERR_HTTP_INVALID_STATUS_CODE from res.writeHead inside an event
// handler, and the daemon exit. Every misbehaviour of the review's hostile
// upstream, against one proxy: the client gets a 502 (or a cut connection,
// once the headers are out), the proxy serves the next request, and nothing
// stays held. (In this process an uncaught exception fails the run.)
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidUpstreamStatus, relayableReason } from '../../../src/bridge/proxy/upstream-status.js';
import { startHostileUpstream, type HostileUpstream } from '../../fixtures/upstreams/hostile.js';
import { bridgeTo, request, type Bridge } from './harness.js';
import { sleep, waitFor } from '../../helpers/topology.js';

describe('upstream status lines', () => {
  it('relays 200-599 only', () => {
    for (const ok of [200, 206, 304, 404, 599]) expect(invalidUpstreamStatus(ok)).toBeUndefined();
    expect(invalidUpstreamStatus(99)).toBe('status code 099');
    expect(invalidUpstreamStatus(0)).toBe('status code 000');
    expect(invalidUpstreamStatus(600)).toBe('status code 600');
    expect(invalidUpstreamStatus(101)).toBe('status code 101');
    expect(invalidUpstreamStatus(undefined)).toBe('no status code');
  });
  it('passes a reason phrase on only when Node can write it', () => {
    expect(relayableReason('Partial Content')).toBe('Partial Content');
    expect(relayableReason('O\x01K')).toBeUndefined();
    expect(relayableReason('x'.repeat(200))).toBeUndefined();
  });
});

/** GET that reports what the client saw: a status, or how the connection ended. */
function fetchOutcome(
  url: string,
  readBytes = Infinity,
): Promise<{ status?: number; bytes: number; outcome: 'complete' | 'cut' | 'error'; body: string }> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => {
      let bytes = 0;
      let body = '';
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        if (body.length < 4096) body += c.toString('latin1');
        if (bytes >= readBytes) {
          req.destroy();
          resolve({ status: res.statusCode, bytes, outcome: 'complete', body });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes, outcome: 'complete', body }));
      res.on('error', () => resolve({ status: res.statusCode, bytes, outcome: 'cut', body }));
      res.on('aborted', () => resolve({ status: res.statusCode, bytes, outcome: 'cut', body }));
    });
    req.on('error', () => resolve({ bytes: 0, outcome: 'error', body: '' }));
  });
}

describe('proxy in front of an upstream that misbehaves in every way', () => {
  let upstream: HostileUpstream;
  let bridge: Bridge;
  beforeAll(async () => {
    upstream = await startHostileUpstream({ selfHost: '10.42.0.9' });
    bridge = await bridgeTo(upstream, { upstreamTimeoutMs: 800, maxRewriteBytes: 1024 * 1024 });
  });
  afterAll(async () => {
    await bridge.close();
    await upstream.close();
  });

  for (const code of ['099', '000', '600', '1000', 'abc', '101']) {
    it(`status line "HTTP/1.1 ${code} X": 502, and the proxy goes on serving`, async () => {
      const res = await request(bridge.url(`/status/${code}`));
      expect(res.status).toBe(502);
      expect(res.text).toMatch(/^Bad Gateway/);
      expect((await request(bridge.url('/desc.xml'))).status).toBe(200);
    });
  }

  it('garbage instead of HTTP: 502', async () => {
    expect((await request(bridge.url('/garbage'))).status).toBe(502);
  });

  it('a 64 KiB header block: 502', async () => {
    expect((await request(bridge.url('/huge-headers?kib=64'))).status).toBe(502);
  });

  it('a reason phrase with a control character: the answer is relayed with a clean reason', async () => {
    const res = await request(bridge.url('/reason'));
    expect(res.status).toBe(200);
    expect(res.text).toBe('ok');
  });

  it('headers, then silence mid-XML: 504 once upstreamTimeoutMs passes without a byte', async () => {
    const res = await request(bridge.url('/stall?type=xml'));
    expect(res.status).toBe(504);
  });

  it('a slow XML body that keeps coming is waited for and rewritten', async () => {
    const res = await request(bridge.url('/slow?type=xml&bytes=20&every=100'));
    expect(res.status).toBe(200);
    expect(res.text).toBe(`<${'a'.repeat(19)}`);
  });

  it('a reset in the middle of an XML body: 502; of a media body: the client is cut off, never handed a short body as whole', async () => {
    expect((await request(bridge.url('/reset?type=xml&bytes=200000'))).status).toBe(502);
    const media = await fetchOutcome(bridge.url('/reset?type=media&bytes=4000000'));
    expect(media.status).toBe(200);
    expect(media.outcome).toBe('cut');
    expect(media.bytes).toBeLessThan(4_000_000);
  });

  it('an endless XML body streams through unrewritten once past the rewrite cap; the client leaving ends it', async () => {
    const got = await fetchOutcome(bridge.url('/endless?type=xml'), 3 * 1024 * 1024);
    expect(got.status).toBe(200);
    expect(got.bytes).toBeGreaterThanOrEqual(3 * 1024 * 1024);
    await waitFor('the budget to be given back', () => (bridge.proxy.heldBodyBytes === 0 ? true : undefined), 3000, 50);
  });

  it("an endless media body is the client's to stop", async () => {
    const got = await fetchOutcome(bridge.url('/endless?type=media'), 5 * 1024 * 1024);
    expect(got.status).toBe(200);
  });

  it('XML above the rewrite cap passes through whole, unchanged', async () => {
    const res = await request(bridge.url(`/xml?bytes=${2 * 1024 * 1024}`));
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(2 * 1024 * 1024);
    expect(res.text).toContain('http://10.42.0.9:');
  });

  it('XML under the cap is rewritten: the upstream address never reaches the client', async () => {
    const res = await request(bridge.url('/xml?bytes=100000&chunked=1'));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain('10.42.0.9');
    expect(res.text).toContain(`${bridge.origin}/u/${bridge.key}/media?id=0`);
  });

  it('after all of it: still serving, nothing held', async () => {
    await sleep(100);
    expect((await request(bridge.url('/desc.xml'))).status).toBe(200);
    await waitFor('the budget to be given back', () => (bridge.proxy.heldBodyBytes === 0 ? true : undefined), 3000, 50);
  });
});
