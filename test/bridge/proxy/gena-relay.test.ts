// The GENA event relay: the upstream gets a CALLBACK on the bridge,
// its NOTIFYs reach the TV's own CALLBACK, only while the subscription lives,
// only for tokens the bridge handed out.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GRACE_MS,
  MAX_SUBSCRIPTIONS,
  parseTimeoutHeader,
  PENDING_MS,
  SubscriptionTable,
} from '../../../src/bridge/proxy/gena-subscriptions.js';
import { bridgeTo, request, type Bridge } from './harness.js';
import { startMinidlnaLike, type FakeUpstream } from '../../fixtures/upstreams/minidlna-like.js';

describe('SubscriptionTable', () => {
  it('a pending token lives PENDING_MS; confirmed, TIMEOUT plus grace; renewals extend; UNSUBSCRIBE and expiry drop it', () => {
    const t = new SubscriptionTable();
    expect(t.add({ token: 'a', callbacks: ['http://192.0.2.50/e'] }, 0)).toBe(true);
    expect(t.lookup('a', PENDING_MS - 1)).toBeDefined();
    expect(t.lookup('a', PENDING_MS)).toBeUndefined();
    t.add({ token: 'b', callbacks: [] }, 0);
    t.confirm('b', 'uuid:s', 300, 0);
    expect(t.lookup('b', 300_000 + GRACE_MS - 1)).toBeDefined();
    t.renew('uuid:s', 600, 300_000);
    expect(t.lookup('b', 900_000 + GRACE_MS - 1)).toBeDefined();
    t.removeSid('uuid:s');
    expect(t.lookup('b', 0)).toBeUndefined();
  });
  it('is bounded: a full table refuses new tokens until some expire', () => {
    const t = new SubscriptionTable(2);
    expect(t.add({ token: 'a', callbacks: [] }, 0)).toBe(true);
    expect(t.add({ token: 'b', callbacks: [] }, 0)).toBe(true);
    expect(t.add({ token: 'c', callbacks: [] }, 1)).toBe(false);
    expect(t.add({ token: 'c', callbacks: [] }, PENDING_MS)).toBe(true);
    expect(MAX_SUBSCRIPTIONS).toBeGreaterThan(100);
  });
  it('reads TIMEOUT as GENA writes it; infinite or junk is the default, never forever', () => {
    expect(parseTimeoutHeader('Second-300')).toBe(300);
    expect(parseTimeoutHeader('second-1800')).toBe(1800);
    expect(parseTimeoutHeader('infinite')).toBe(1800);
    expect(parseTimeoutHeader(undefined)).toBe(1800);
  });
});

/** The TV's event listener: records NOTIFYs. */
async function tvSink(): Promise<{
  url: string;
  got: Array<{ headers: http.IncomingHttpHeaders; body: string }>;
  close(): void;
}> {
  const got: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/tv-evt`, got, close: () => server.close() };
}

/** A NOTIFY as an upstream sends one. */
function notify(callback: string, sid: string, seq: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const body =
      '<?xml version="1.0"?><e:propertyset xmlns:e="urn:schemas-upnp-org:event-1-0"><e:property><SystemUpdateID>7</SystemUpdateID></e:property></e:propertyset>';
    const req = http.request(
      callback,
      {
        method: 'NOTIFY',
        headers: {
          'Content-Type': 'text/xml; charset="utf-8"',
          NT: 'upnp:event',
          NTS: 'upnp:propchange',
          SID: sid,
          SEQ: String(seq),
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('proxy: GENA subscriptions go through the event relay', () => {
  let upstream: FakeUpstream;
  let bridge: Bridge;
  beforeAll(async () => {
    upstream = await startMinidlnaLike({ selfHost: '10.42.0.5' });
    bridge = await bridgeTo(upstream);
  });
  afterAll(async () => {
    await bridge.close();
    await upstream.close();
  });
  const callbackSeen = (): string => {
    const raw = upstream.requests.at(-1)!.rawHeaders;
    return raw[raw.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'callback') + 1]!.replace(/^<|>$/g, '');
  };

  it("the upstream gets the relay's CALLBACK; its NOTIFY reaches the TV with SID, SEQ and body; after UNSUBSCRIBE the relay answers 412", async () => {
    const tv = await tvSink();
    try {
      const sub = await request(bridge.url('/evt/ContentDir'), {
        method: 'SUBSCRIBE',
        headers: { CALLBACK: `<${tv.url}>`, NT: 'upnp:event', TIMEOUT: 'Second-300' },
      });
      expect(sub.status).toBe(200);
      const relay = callbackSeen();
      expect(relay).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/gena\/[0-9a-f-]{36}$/);
      expect(relay).not.toContain(tv.url);
      expect(await notify(relay, 'uuid:sub-1', 0)).toBe(200);
      expect(tv.got).toHaveLength(1);
      expect(tv.got[0]!.headers).toMatchObject({
        sid: 'uuid:sub-1',
        seq: '0',
        nt: 'upnp:event',
        nts: 'upnp:propchange',
      });
      expect(tv.got[0]!.body).toContain('<SystemUpdateID>7</SystemUpdateID>');
      const unsub = await request(bridge.url('/evt/ContentDir'), {
        method: 'UNSUBSCRIBE',
        headers: { SID: 'uuid:sub-1' },
      });
      expect(unsub.status).toBe(200);
      expect(await notify(relay, 'uuid:sub-1', 1)).toBe(412);
      expect(tv.got).toHaveLength(1);
    } finally {
      tv.close();
    }
  });

  it('a NOTIFY to a token the bridge never handed out, or another method, is refused (412)', async () => {
    const tv = await tvSink();
    try {
      await request(bridge.url('/evt/ContentDir'), {
        method: 'SUBSCRIBE',
        headers: { CALLBACK: `<${tv.url}>`, NT: 'upnp:event' },
      });
      const relay = new URL(callbackSeen());
      expect(await notify(`${relay.origin}/gena/00000000-0000-4000-8000-000000000000`, 'uuid:sub-1', 0)).toBe(412);
      const get = await request(relay.href);
      expect(get.status).toBe(412);
      expect(tv.got).toHaveLength(0);
    } finally {
      tv.close();
    }
  });
});
