// Which Host the proxy sends the upstream. Two rules were
// possible: the TV's Host (what the proxy did first: Jellyfin then builds URLs
// that name the node) or the upstream's own address (what GUPnP servers such
// as Rygel demand: 412/400 otherwise).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteXmlBody } from '../../../src/bridge/rewrite/body.js';
import type { RewriteContext } from '../../../src/bridge/rewrite/context.js';
import { JELLYFIN_MOVIES_ID, JELLYFIN_SERVER_ID, startJellyfinLike } from '../../fixtures/upstreams/jellyfin-like.js';
import type { FakeUpstream } from '../../fixtures/upstreams/minidlna-like.js';
import { browseRequest } from '../../fixtures/upstreams/soap.js';
import { request } from './harness.js';

// Both are tried here against the
// Jellyfin fixture, which builds every URL from the request's Host as the DLNA
// plugin does, by asking it directly with each Host and rewriting its answers
// as the proxy would (the same RewriteContext: the upstream's authorities, the
// TV-facing authority, /u/{key}). Both rules give a TV only node URLs, so one
// rule, the upstream's own Host, serves every server; the real-server matrix
// (test/integration/real-servers.test.ts) shows Rygel needs it.

const NODE = '192.0.2.10:8200';
const PREFIX = `/u/${JELLYFIN_SERVER_ID}`;
const SOAP = {
  'Content-Type': 'text/xml; charset="utf-8"',
  SOAPACTION: '"urn:schemas-upnp-org:service:ContentDirectory:1#Browse"',
};

let jf: FakeUpstream;
let ctx: RewriteContext;
beforeAll(async () => {
  jf = await startJellyfinLike({ baseUrl: '/jellyfin', movies: 3 });
  ctx = { upstreamAuthorities: new Set([`127.0.0.1:${jf.port}`]), publicAuthority: NODE, prefix: PREFIX };
});
afterAll(() => jf.close());

/** Every absolute URL in a text (escaped or not), "&amp;" undone. */
function urlsIn(text: string): string[] {
  return [...text.replace(/&amp;/g, '&').matchAll(/https?:\/\/[^<>"\s]+/g)]
    .map((m) => m[0])
    .filter((u) => !/^https?:\/\/(?:github\.com|purl\.org|schemas\.|www\.w3\.org)/.test(u));
}

describe.each([
  ["the TV's Host (forwarded)", () => NODE],
  ["the upstream's own address", () => `127.0.0.1:${jf.port}`],
])('Host rule: %s, against the Jellyfin fixture', (_name, host) => {
  it('the description, rewritten, names only the node under /u/{key}/jellyfin/dlna/{id}/', async () => {
    const res = await request(`http://127.0.0.1:${jf.port}/jellyfin/dlna/${JELLYFIN_SERVER_ID}/description.xml`, {
      headers: { Host: host() },
    });
    expect(res.status).toBe(200);
    const out = rewriteXmlBody(res.text, ctx).text;
    const urls = urlsIn(out);
    expect(urls).toHaveLength(6 + 6 + 1);
    for (const u of urls) expect(u.startsWith(`http://${NODE}${PREFIX}/jellyfin/`), u).toBe(true);
    expect(out).toContain(
      `<controlURL>http://${NODE}${PREFIX}/jellyfin/dlna/${JELLYFIN_SERVER_ID}/contentdirectory/control</controlURL>`,
    );
  });

  it('Browse results (DIDL-Lite escaped in <Result>), rewritten, name only the node', async () => {
    const res = await request(
      `http://127.0.0.1:${jf.port}/jellyfin/dlna/${JELLYFIN_SERVER_ID}/contentdirectory/control`,
      {
        method: 'POST',
        headers: { ...SOAP, Host: host() },
        body: browseRequest(JELLYFIN_MOVIES_ID),
      },
    );
    expect(res.status).toBe(200);
    const urls = urlsIn(rewriteXmlBody(res.text, ctx).text.replace(/&amp;/g, '&'));
    expect(urls).toHaveLength(3 * 2);
    for (const u of urls) expect(u.startsWith(`http://${NODE}${PREFIX}/jellyfin/`), u).toBe(true);
    expect(urls.filter((u) => u.includes('/dlna/videos/'))).toHaveLength(3);
  });
});
