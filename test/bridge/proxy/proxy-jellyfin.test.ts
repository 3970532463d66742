import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/bridge/catalog/catalog.js';
import { parseCidr } from '../../../src/net/cidr.js';
import { ProxyServer } from '../../../src/bridge/proxy/proxy-server.js';
import { createUpstreamSource } from '../../../src/bridge/sources/upstream-url.js';
import type { PollingSource } from '../../../src/bridge/sources/polling-source.js';
import { startJellyfinLike, JELLYFIN_MOVIES_ID, JELLYFIN_SERVER_ID } from '../../fixtures/upstreams/jellyfin-like.js';
import type { FakeUpstream } from '../../fixtures/upstreams/minidlna-like.js';
import { browseRequest, didlUrls, resultDidl } from '../../fixtures/upstreams/soap.js';
import { request } from './harness.js';

// --upstream in Jellyfin mode, against a Jellyfin-like
// upstream (/System/Info/Public, Host-derived URLs, /dlna/{id}/... paths),
// here with a BaseUrl, which every path must keep. The proxy sends Jellyfin
// its own address as Host: the URLs it builds from it are mapped
// back to the node like any upstream URL.
let jf: FakeUpstream;
let source: PollingSource;
let proxy: ProxyServer;
let origin: string;
const catalog = new Catalog();
const media = Buffer.from(Array.from({ length: 120_000 }, (_, i) => (i * 5 + 11) & 0xff));
const key = JELLYFIN_SERVER_ID;

beforeAll(async () => {
  jf = await startJellyfinLike({ baseUrl: '/jellyfin', media });
  source = createUpstreamSource(new URL(`http://127.0.0.1:${jf.port}/jellyfin`), { intervalMs: 60_000 });
  await source.start((e) => catalog.apply(e));
  proxy = new ProxyServer({ catalog, allow: [parseCidr('127.0.0.0/8')] });
  const { port } = await proxy.listen(0, '127.0.0.1');
  origin = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await source.stop();
  await proxy.close(100);
  await jf.close();
});

describe('Jellyfin mode: --upstream http://jellyfin:8096/jellyfin', () => {
  it('the catalog holds the server under its id, at {base}/dlna/{id}/description.xml', () => {
    const entry = catalog.lookup(key)!;
    expect(entry.udn).toBe(`uuid:${JELLYFIN_SERVER_ID}`);
    expect(entry.location.pathname).toBe(`/jellyfin/dlna/${JELLYFIN_SERVER_ID}/description.xml`);
  });

  it('the description fetched through the proxy has Host-derived URLs, all under /u/{key}/', async () => {
    const res = await request(`${origin}/u/${key}/jellyfin/dlna/${JELLYFIN_SERVER_ID}/description.xml`);
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(`:${jf.port}`);
    const urls = [...res.text.matchAll(/<(?:SCPDURL|controlURL|eventSubURL|url|presentationURL)>([^<]+)</g)].map(
      (m) => m[1]!,
    );
    // Six icons, three URLs for each of two services, the presentation page (DescriptionXmlBuilder).
    expect(urls.length).toBe(13);
    for (const u of urls) expect(u.startsWith(`${origin}/u/${key}/jellyfin/`)).toBe(true);
  });

  it('Browse through the rewritten controlURL: <res> URLs point at the proxy and play the exact bytes', async () => {
    const desc = await request(`${origin}/u/${key}/jellyfin/dlna/${JELLYFIN_SERVER_ID}/description.xml`);
    const control = /<controlURL>([^<]+contentdirectory[^<]+)<\/controlURL>/.exec(desc.text)![1]!;
    const browse = await request(control, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', SOAPACTION: '"urn:schemas-upnp-org:service:ContentDirectory:1#Browse"' },
      body: browseRequest(JELLYFIN_MOVIES_ID),
    });
    expect(browse.status).toBe(200);
    const urls = didlUrls(resultDidl(browse.text));
    expect(urls).toHaveLength(4);
    for (const u of urls) expect(u.startsWith(`${origin}/u/${key}/jellyfin/`)).toBe(true);
    const stream = urls.find((u) => u.includes('/dlna/videos/'))!;
    expect(stream).toContain('&Static=true&');
    expect(stream).toMatch(/&dlnaheaders=true$/);
    const res = await request(stream, { headers: { Range: 'bytes=100-' } });
    expect(res.status).toBe(206);
    expect(res.body.equals(media.subarray(100))).toBe(true);
    // Every request reached Jellyfin with its own address as Host.
    const hosts = jf.requests.map(
      (r) => r.rawHeaders[r.rawHeaders.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'host') + 1],
    );
    expect(new Set(hosts)).toEqual(new Set([`127.0.0.1:${jf.port}`]));
  });

  it("GENA through the proxy: SUBSCRIBE gets the plugin's URL-encoded SID back untouched; UNSUBSCRIBE 200", async () => {
    const events = `${origin}/u/${key}/jellyfin/dlna/${JELLYFIN_SERVER_ID}/contentdirectory/events`;
    const sub = await request(events, {
      method: 'SUBSCRIBE',
      headers: { CALLBACK: '<http://127.0.0.1:9/evt>', NT: 'upnp:event', TIMEOUT: 'Second-300' },
    });
    expect(sub.status).toBe(200);
    expect(sub.headers['sid']).toMatch(/^uuid%3a[0-9a-f]{32}$/);
    expect(sub.headers['timeout']).toBe('Second-300');
    // Jellyfin was given the bridge's event relay, never the TV's callback.
    const seen = jf.requests.at(-1)!.rawHeaders;
    const callback = seen[seen.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'callback') + 1]!;
    expect(callback).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/gena\/[0-9a-f-]{36}>$/);
    const unsub = await request(events, { method: 'UNSUBSCRIBE', headers: { SID: String(sub.headers['sid']) } });
    expect(unsub.status).toBe(200);
  });
});
