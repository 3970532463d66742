import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCidr } from '../../../src/net/cidr.js';
import { ProxyServer } from '../../../src/bridge/proxy/proxy-server.js';
import { startMinidlnaLike, type FakeUpstream } from '../../fixtures/upstreams/minidlna-like.js';
import { browseRequest, didlUrls, resultDidl } from '../../fixtures/upstreams/soap.js';
import { bridgeTo, rawExchange, rawHeader, request, type Bridge } from './harness.js';

// minidlna names itself by its pod address, which the TV can never reach.
const POD = '10.42.0.5';
const SOAP_BROWSE = {
  'Content-Type': 'text/xml; charset="utf-8"',
  SOAPACTION: '"urn:schemas-upnp-org:service:ContentDirectory:1#Browse"',
};

let upstream: FakeUpstream;
let bridge: Bridge;
const media = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31 + 7) & 0xff));

beforeAll(async () => {
  upstream = await startMinidlnaLike({ selfHost: POD, media, items: 5 });
  bridge = await bridgeTo(upstream);
});
afterAll(async () => {
  await bridge.close();
  await upstream.close();
});

describe('proxy in front of a minidlna-like upstream: nothing the TV is told names the pod', () => {
  it('the description names no upstream address; root-relative URLs stay under /u/{key}', async () => {
    const res = await request(bridge.url('/rootDesc.xml'));
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(POD);
    expect(res.text).not.toContain(`:${upstream.port}`);
    expect(res.text).toContain(`<controlURL>/u/${bridge.key}/ctl/ContentDir</controlURL>`);
    expect(res.text).toContain(`<SCPDURL>/u/${bridge.key}/ContentDir.xml</SCPDURL>`);
    expect(res.text).toContain(`<presentationURL>${bridge.origin}/u/${bridge.key}/</presentationURL>`);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
  });

  it('the SCPD at the rewritten SCPDURL is served', async () => {
    const res = await request(`${bridge.origin}/u/${bridge.key}/ContentDir.xml`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<scpd');
  });

  it('ContentDirectory Browse: every <res> and albumArtURI inside the escaped DIDL-Lite points at the proxy', async () => {
    const res = await request(bridge.url('/ctl/ContentDir'), {
      method: 'POST',
      headers: SOAP_BROWSE,
      body: browseRequest(),
    });
    expect(res.status).toBe(200);
    const urls = didlUrls(resultDidl(res.text));
    expect(urls).toHaveLength(10);
    for (const u of urls) expect(u.startsWith(`${bridge.origin}/u/${bridge.key}/`)).toBe(true);
    expect(res.text).not.toContain(POD);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
  });

  it('a <res> URL from Browse plays through the proxy: exactly the source bytes', async () => {
    const browse = await request(bridge.url('/ctl/ContentDir'), {
      method: 'POST',
      headers: SOAP_BROWSE,
      body: browseRequest(),
    });
    const res = await request(didlUrls(resultDidl(browse.text)).find((u) => u.includes('/MediaItems/'))!);
    expect(res.status).toBe(200);
    expect(res.body.equals(media)).toBe(true);
  });

  it('a ranged GET returns 206 with Content-Range and exactly the requested bytes', async () => {
    const res = await request(bridge.url('/MediaItems/1.mkv'), { headers: { Range: 'bytes=1000-70999' } });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 1000-70999/${media.length}`);
    expect(res.body.equals(media.subarray(1000, 71000))).toBe(true);
    const tail = await request(bridge.url('/MediaItems/1.mkv'), { headers: { Range: 'bytes=-500' } });
    expect(tail.body.equals(media.subarray(media.length - 500))).toBe(true);
  });

  it('HEAD returns the headers (length, DLNA) and no body', async () => {
    const res = await request(bridge.url('/MediaItems/2.mkv'), { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(media.length));
    expect(res.body.length).toBe(0);
  });

  it('DLNA headers pass both ways with their spelling: getcontentFeatures.dlna.org, transferMode.dlna.org, contentFeatures.dlna.org', async () => {
    const before = upstream.requests.length;
    const res = await request(bridge.url('/MediaItems/3.mkv'), {
      method: 'HEAD',
      headers: [
        'Host',
        `127.0.0.1:${bridge.port}`,
        'getcontentFeatures.dlna.org',
        '1',
        'transferMode.dlna.org',
        'Streaming',
      ],
    });
    const seen = upstream.requests.slice(before)[0]!.rawHeaders;
    expect(rawHeader(seen, 'getcontentFeatures.dlna.org')).toBe('1');
    expect(rawHeader(seen, 'transferMode.dlna.org')).toBe('Streaming');
    expect(rawHeader(res.rawHeaders, 'transferMode.dlna.org')).toBe('Streaming');
    expect(rawHeader(res.rawHeaders, 'contentFeatures.dlna.org')).toMatch(/^DLNA\.ORG_OP=01/);
  });

  it('keep-alive: the second request reuses the client connection', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const a = await request(bridge.url('/MediaItems/1.mkv'), { agent, headers: { Range: 'bytes=0-9' } });
      const b = await request(bridge.url('/MediaItems/1.mkv'), { agent, headers: { Range: 'bytes=10-19' } });
      expect(a.reusedSocket).toBe(false);
      expect(b.reusedSocket).toBe(true);
      expect(b.body.equals(media.subarray(10, 20))).toBe(true);
    } finally {
      agent.destroy();
    }
  });

  it("the upstream gets its own Host, not the TV's; hop-by-hop headers and those named in Connection do not cross; X-Forwarded-For is the client", async () => {
    const res = await request(bridge.url('/echo-headers'), {
      headers: [
        'Host',
        'tv-facing.example:8080',
        'Connection',
        'keep-alive, X-Drop-Me',
        'X-Drop-Me',
        '1',
        'Proxy-Authorization',
        'Basic eA==',
        'X-Forwarded-For',
        '6.6.6.6',
        'Accept-Encoding',
        'gzip',
      ],
    });
    const seen = JSON.parse(res.text) as string[];
    expect(rawHeader(seen, 'Host')).toBe(upstream.descriptionUrl.host);
    expect(seen.map((h) => h.toLowerCase())).not.toContain('x-drop-me');
    expect(seen.map((h) => h.toLowerCase())).not.toContain('proxy-authorization');
    expect(rawHeader(seen, 'X-Forwarded-For')).toBe('127.0.0.1');
    expect(rawHeader(seen, 'Accept-Encoding')).toBe('identity');
    expect(res.headers['x-secret-hop']).toBeUndefined();
  });

  it('redirects: absolute Location naming the pod and root-relative Location both land under /u/{key}', async () => {
    const abs = await request(bridge.url('/redirect'));
    expect(abs.status).toBe(302);
    expect(abs.headers.location).toBe(`${bridge.origin}/u/${bridge.key}/MediaItems/1.mkv`);
    const rel = await request(bridge.url('/relative-redirect'));
    expect(rel.headers.location).toBe(`/u/${bridge.key}/MediaItems/1.mkv`);
  });
});

describe('proxy: chunked upstreams and size limits', () => {
  it('a chunked Browse answer is rewritten and sent with a correct Content-Length; chunked media streams whole', async () => {
    const chunky = await startMinidlnaLike({ selfHost: POD, chunkedSoap: true, chunkedMedia: true, media });
    const b = await bridgeTo(chunky);
    try {
      const browse = await request(b.url('/ctl/ContentDir'), {
        method: 'POST',
        headers: SOAP_BROWSE,
        body: browseRequest(),
      });
      expect(browse.text).not.toContain(POD);
      expect(Number(browse.headers['content-length'])).toBe(browse.body.length);
      const m = await request(b.url('/MediaItems/1.mkv'));
      expect(m.headers['transfer-encoding']).toBe('chunked');
      expect(m.body.equals(media)).toBe(true);
    } finally {
      await b.close();
      await chunky.close();
    }
  });

  it('an XML body above the rewrite cap passes through unchanged and whole (and is counted)', async () => {
    const big = await startMinidlnaLike({ selfHost: POD, items: 200, chunkedSoap: true });
    const b = await bridgeTo(big, { maxRewriteBytes: 4096 });
    try {
      const browse = await request(b.url('/ctl/ContentDir'), {
        method: 'POST',
        headers: SOAP_BROWSE,
        body: browseRequest(),
      });
      expect(browse.status).toBe(200);
      expect(browse.text).toContain(POD);
      expect(browse.text.endsWith('</s:Envelope>')).toBe(true);
      expect(await b.metrics.registry.getSingleMetricAsString('dlna_bridge_rewrites_total')).toContain(
        'kind="skipped_large"} 1',
      );
    } finally {
      await b.close();
      await big.close();
    }
  });
});

describe('proxy: GENA subscriptions (CallStranger, CVE-2020-12695)', () => {
  it("a CALLBACK naming the subscriber's own address is accepted; the upstream gets the bridge's event relay instead (gena-relay.test.ts)", async () => {
    const res = await request(bridge.url('/evt/ContentDir'), {
      method: 'SUBSCRIBE',
      headers: { CALLBACK: '<http://127.0.0.1:49152/evt>', NT: 'upnp:event', TIMEOUT: 'Second-300' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.sid).toBe('uuid:sub-1');
    const seen = upstream.requests.at(-1)!;
    expect(seen.method).toBe('SUBSCRIBE');
    expect(rawHeader(seen.rawHeaders, 'CALLBACK')).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/gena\/[0-9a-f-]{36}>$/);
  });

  it('a CALLBACK naming another host is refused with 403 and a plain reason; the upstream never sees it', async () => {
    const before = upstream.requests.length;
    for (const cb of [
      '<http://203.0.113.9/evt>',
      '<http://127.0.0.1:1/a><http://198.51.100.7/b>',
      '<http://localhost:1/x>',
    ]) {
      const res = await request(bridge.url('/evt/ContentDir'), {
        method: 'SUBSCRIBE',
        headers: { CALLBACK: cb, NT: 'upnp:event' },
      });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/CallStranger/);
    }
    expect(upstream.requests.length).toBe(before);
  });

  it('a malformed CALLBACK is 412 Precondition Failed', async () => {
    for (const cb of ['http://127.0.0.1/evt', '<ftp://127.0.0.1/x>', '<not a url>']) {
      const res = await request(bridge.url('/evt/ContentDir'), {
        method: 'SUBSCRIBE',
        headers: { CALLBACK: cb, NT: 'upnp:event' },
      });
      expect(res.status).toBe(412);
    }
  });

  it('renewal (SID, no CALLBACK) and UNSUBSCRIBE pass through', async () => {
    expect(
      (
        await request(bridge.url('/evt/ContentDir'), {
          method: 'SUBSCRIBE',
          headers: { SID: 'uuid:sub-1', TIMEOUT: 'Second-300' },
        })
      ).status,
    ).toBe(200);
    expect(
      (await request(bridge.url('/evt/ContentDir'), { method: 'UNSUBSCRIBE', headers: { SID: 'uuid:sub-1' } })).status,
    ).toBe(200);
  });
});

describe('proxy: not an open proxy', () => {
  it('clients outside the allowed subnets get 403 (127.0.0.1 not allowed here)', async () => {
    const closed = new ProxyServer({ catalog: bridge.catalog, allow: [parseCidr('192.0.2.0/24')] });
    const { port } = await closed.listen(0, '127.0.0.1');
    try {
      const res = await request(`http://127.0.0.1:${port}/u/${bridge.key}/rootDesc.xml`);
      expect(res.status).toBe(403);
      expect(res.text).toContain('127.0.0.1 is not in a subnet this bridge serves');
    } finally {
      await closed.close(100);
    }
  });

  it('absolute-form request targets are refused with 400, CONNECT with 405', async () => {
    const absolute = await rawExchange(
      bridge.port,
      'GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n',
    );
    expect(absolute).toMatch(/^HTTP\/1\.1 400 /);
    expect(absolute).toContain('not an open proxy');
    const connect = await rawExchange(bridge.port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    expect(connect).toMatch(/^HTTP\/1\.1 405 /);
  });

  it('unknown upstream keys and paths outside /u/ are 404; other methods 405', async () => {
    expect((await request(`${bridge.origin}/u/no-such-upstream/rootDesc.xml`)).status).toBe(404);
    expect((await request(`${bridge.origin}/rootDesc.xml`)).status).toBe(404);
    expect((await request(`${bridge.origin}/u/..%2f/x`)).status).toBe(404);
    expect((await request(bridge.url('/rootDesc.xml'), { method: 'PUT', body: 'x' })).status).toBe(405);
  });

  it('an oversized header block is refused (431), not buffered', async () => {
    const answer = await rawExchange(
      bridge.port,
      `GET ${new URL(bridge.url('/rootDesc.xml')).pathname} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('requests are counted by method and code in the shared metrics registry', async () => {
    const text = await bridge.metrics.registry.getSingleMetricAsString('dlna_bridge_proxy_requests_total');
    expect(text).toMatch(/method="GET",code="200"} \d+/);
    expect(text).toMatch(/code="403"} \d+/);
  });
});

describe('proxy: upstream down', () => {
  it('502 with a plain message when the upstream does not answer, and once the catalog has removed it', async () => {
    const gone = await startMinidlnaLike({ selfHost: POD });
    const b = await bridgeTo(gone);
    try {
      await gone.close();
      const res = await request(b.url('/rootDesc.xml'));
      expect(res.status).toBe(502);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      // Any LAN client reads this page: the server's name, never its pod address.
      expect(res.text).toBe('Bad Gateway: media server "pod: minidlna" cannot be reached (connection refused)\n');
      b.catalog.apply({ kind: 'down', source: 'test', location: gone.descriptionUrl, reason: 'connection refused' });
      const after = await request(b.url('/rootDesc.xml'));
      expect(after.status).toBe(502);
      expect(after.text).toBe('Bad Gateway: media server "pod: minidlna" is down\n');
    } finally {
      await b.close();
    }
  });

  it('504 when the upstream accepts but never answers within upstreamTimeoutMs', async () => {
    const stall = await startMinidlnaLike({ selfHost: POD });
    const b = await bridgeTo(stall, { upstreamTimeoutMs: 300 });
    stall.server.removeAllListeners('request');
    stall.server.on('request', () => {
      /* stall */
    });
    try {
      const res = await request(b.url('/rootDesc.xml'));
      expect(res.status).toBe(504);
      expect(res.text).toBe('Gateway Timeout: media server "pod: minidlna" did not answer within 300 ms\n');
    } finally {
      await b.close();
      await stall.close();
    }
  });
});
