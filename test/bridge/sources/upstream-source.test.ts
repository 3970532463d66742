import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { SourceEvent } from '../../../src/bridge/catalog/types.js';
import {
  createUpstreamSource,
  guessMode,
  parseUpstreamUrl,
  UpstreamUrlError,
} from '../../../src/bridge/sources/upstream-url.js';
import { probeJellyfin } from '../../../src/bridge/sources/jellyfin/jellyfin-probe.js';
import type { PollingSource } from '../../../src/bridge/sources/polling-source.js';
import { describeProbeFailure } from '../../../src/bridge/sources/upstream-failure.js';
import { boundedGet } from '../../../src/bridge/upnp/fetch.js';
import { startMinidlnaLike, listen, closeServer, type FakeUpstream } from '../../fixtures/upstreams/minidlna-like.js';
import { startJellyfinLike, JELLYFIN_SERVER_ID } from '../../fixtures/upstreams/jellyfin-like.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function track(source: PollingSource): {
  events: SourceEvent[];
  started: Promise<void>;
  waitFor(n: number, ms?: number): Promise<SourceEvent[]>;
} {
  const events: SourceEvent[] = [];
  const waiters: Array<() => void> = [];
  const started = source.start((e) => {
    events.push(e);
    waiters.splice(0).forEach((w) => w());
  });
  cleanups.push(() => source.stop());
  return {
    events,
    started,
    waitFor: (n, ms = 5_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`only ${events.length} events after ${ms} ms: ${JSON.stringify(events.map((e) => e.kind))}`),
            ),
          ms,
        );
        const check = (): void => {
          if (events.length >= n) {
            clearTimeout(timer);
            resolve(events);
          } else waiters.push(check);
        };
        check();
      }),
  };
}

async function fake(start: () => Promise<FakeUpstream>): Promise<FakeUpstream> {
  const f = await start();
  cleanups.push(() => f.close());
  return f;
}

describe('static description URL source', () => {
  it('reports up with the description text, down when unreachable, up again when back', async () => {
    const first = await startMinidlnaLike();
    const url = first.descriptionUrl;
    const source = createUpstreamSource(url, { intervalMs: 50, timeoutMs: 1_000 });
    const t = track(source);
    await t.started;
    expect(t.events[0]).toMatchObject({ kind: 'up', location: url });
    expect(t.events[0]!.kind === 'up' && t.events[0]!.descriptionText).toContain('<UDN>uuid:4d696e69');
    await first.close();
    const [, gone] = await t.waitFor(2);
    expect(gone).toMatchObject({ kind: 'down', location: url });
    await fake(() => startMinidlnaLike({}, first.port));
    const events = await t.waitFor(3);
    expect(events.map((e) => e.kind)).toEqual(['up', 'down', 'up']);
  });

  it('polls quietly: an unchanged description is not reported again', async () => {
    const f = await fake(() => startMinidlnaLike());
    const t = track(createUpstreamSource(f.descriptionUrl, { intervalMs: 20 }));
    await t.started;
    await new Promise((r) => setTimeout(r, 200));
    expect(t.events).toHaveLength(1);
    expect(f.requests.length).toBeGreaterThan(3);
  });

  it('a stalled upstream is given up on within the fetch timeout (start still resolves)', async () => {
    const server = http.createServer(() => {
      /* never answers */
    });
    const port = await listen(server);
    cleanups.push(() => closeServer(server));
    const t = track(
      createUpstreamSource(new URL(`http://127.0.0.1:${port}/rootDesc.xml`), { intervalMs: 10_000, timeoutMs: 300 }),
    );
    const t0 = Date.now();
    await t.started;
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(t.events).toEqual([]);
  });

  it('an endless or huge body is refused, not buffered', async () => {
    const server = http.createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/xml' });
      if (req.url === '/huge.xml') {
        res.end(`<root>${'x'.repeat(2 * 1024 * 1024)}</root>`);
        return;
      }
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      const pump = (): void => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      res.write('<root>');
      pump();
    });
    const port = await listen(server);
    cleanups.push(() => closeServer(server));
    for (const path of ['/endless.xml', '/huge.xml']) {
      const t = track(
        createUpstreamSource(new URL(`http://127.0.0.1:${port}${path}`), { intervalMs: 10_000, timeoutMs: 3_000 }),
      );
      await t.started;
      expect(t.events).toEqual([]);
    }
  });

  it('an HTML page or 404 at the URL is not a description', async () => {
    const f = await fake(() => startMinidlnaLike());
    const t = track(createUpstreamSource(new URL(`http://127.0.0.1:${f.port}/nothing.xml`), { intervalMs: 10_000 }));
    await t.started;
    expect(t.events).toEqual([]);
  });
});

describe('named upstream hosts (minidlna 1.3.0 DNS-rebinding check, CVE-2022-26505)', () => {
  const hostOf = (r: { rawHeaders: string[] }): string | undefined =>
    r.rawHeaders[r.rawHeaders.findIndex((h, i) => i % 2 === 0 && h.toLowerCase() === 'host') + 1];

  it('the fake refuses a Host that names the server, as minidlna does (negative control)', async () => {
    const f = await fake(() => startMinidlnaLike({ requireIpHost: true }));
    expect((await boundedGet(new URL(`http://localhost:${f.port}/rootDesc.xml`))).status).toBe(404);
    expect((await boundedGet(new URL(`http://127.0.0.1:${f.port}/rootDesc.xml`))).status).toBe(200);
  });

  it('--upstream http://NAME:port/rootDesc.xml: the description is fetched with Host = resolved address:port; the location stays as given', async () => {
    const f = await fake(() => startMinidlnaLike({ requireIpHost: true }));
    const named = new URL(`http://localhost:${f.port}/rootDesc.xml`);
    const t = track(createUpstreamSource(named, { intervalMs: 10_000 }));
    await t.started;
    expect(t.events[0]).toMatchObject({ kind: 'up', location: named });
    expect(f.requests.map(hostOf)).toEqual([`127.0.0.1:${f.port}`]);
  });

  it('auto-detection (a path without .xml): after the Jellyfin probe fails, the description fallback uses the address', async () => {
    const hosts: string[] = [];
    const server = http.createServer((req, res) => {
      hosts.push(req.headers.host ?? '');
      const ipHost = /^[0-9.]+(?::\d+)?$/.test(req.headers.host ?? '');
      res.writeHead(ipHost && req.url === '/desc' ? 200 : 404, { 'Content-Type': 'text/xml' });
      res.end(
        ipHost && req.url === '/desc'
          ? '<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device/></root>'
          : '',
      );
    });
    const port = await listen(server);
    cleanups.push(() => closeServer(server));
    const t = track(createUpstreamSource(new URL(`http://localhost:${port}/desc`), { intervalMs: 10_000 }));
    await t.started;
    expect(t.events[0]).toMatchObject({ kind: 'up', location: new URL(`http://localhost:${port}/desc`) });
    expect(hosts).toEqual([`localhost:${port}`, `127.0.0.1:${port}`]);
  });

  it('Jellyfin mode keeps the name in Host: Jellyfin builds its description URLs from it', async () => {
    const jf = await fake(() => startJellyfinLike());
    const t = track(createUpstreamSource(new URL(`http://localhost:${jf.port}`), { intervalMs: 10_000 }));
    await t.started;
    expect(t.events[0]).toMatchObject({
      kind: 'up',
      location: new URL(`http://localhost:${jf.port}/dlna/${JELLYFIN_SERVER_ID}/description.xml`),
    });
    expect(jf.requests.map(hostOf)).toEqual([`localhost:${jf.port}`, `localhost:${jf.port}`]);
    expect(t.events[0]!.kind === 'up' && t.events[0]!.descriptionText).toContain(`http://localhost:${jf.port}/dlna/`);
  });
});

describe('Jellyfin source (--upstream with a Jellyfin base URL)', () => {
  it('reads the server id from /System/Info/Public and reports /dlna/{id}/description.xml', async () => {
    const jf = await fake(() => startJellyfinLike());
    const t = track(createUpstreamSource(new URL(`http://127.0.0.1:${jf.port}`), { intervalMs: 10_000 }));
    await t.started;
    expect(t.events[0]).toMatchObject({
      kind: 'up',
      location: new URL(`http://127.0.0.1:${jf.port}/dlna/${JELLYFIN_SERVER_ID}/description.xml`),
    });
    expect(jf.requests.map((r) => r.url)).toEqual([
      '/System/Info/Public',
      `/dlna/${JELLYFIN_SERVER_ID}/description.xml`,
    ]);
  });

  it("keeps Jellyfin's BaseUrl (/jellyfin) in every path", async () => {
    const jf = await fake(() => startJellyfinLike({ baseUrl: '/jellyfin' }));
    const t = track(createUpstreamSource(new URL(`http://127.0.0.1:${jf.port}/jellyfin`), { intervalMs: 10_000 }));
    await t.started;
    expect(t.events[0]?.location.pathname).toBe(`/jellyfin/dlna/${JELLYFIN_SERVER_ID}/description.xml`);
  });

  it('a new server id (reinstalled Jellyfin) is down at the old location, up at the new one', async () => {
    const jf = await startJellyfinLike();
    const t = track(createUpstreamSource(new URL(`http://127.0.0.1:${jf.port}/`), { intervalMs: 50 }));
    await t.started;
    await jf.close();
    await t.waitFor(2);
    await fake(() => startJellyfinLike({ serverId: '0123456789abcdef0123456789abcdef' }, jf.port));
    const events = await t.waitFor(3);
    expect(events.map((e) => e.kind)).toEqual(['up', 'down', 'up']);
    expect(events[2]!.location.pathname).toBe('/dlna/0123456789abcdef0123456789abcdef/description.xml');
  });

  it('Jellyfin without the DLNA plugin: the reason says so', async () => {
    const jf = await fake(() => startJellyfinLike({ noDlna: true }));
    const err = await probeJellyfin(new URL(`http://127.0.0.1:${jf.port}`)).catch((e: unknown) => e);
    expect(describeProbeFailure(err)).toEqual({
      kind: 'no_dlna_plugin',
      reason: `DLNA plugin missing: Jellyfin "jf-test" answers, but http://127.0.0.1:${jf.port}/dlna/${JELLYFIN_SERVER_ID}/description.xml gives HTTP status 404, not a DLNA description; install the DLNA plugin and enable its DLNA server`,
    });
  });

  it('auto-detection falls back to a description URL that does not end in .xml', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/desc') {
        res.writeHead(200, { 'Content-Type': 'text/xml' });
        res.end('<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device/></root>');
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    const port = await listen(server);
    cleanups.push(() => closeServer(server));
    const t = track(createUpstreamSource(new URL(`http://127.0.0.1:${port}/desc`), { intervalMs: 10_000 }));
    await t.started;
    expect(t.events[0]).toMatchObject({ kind: 'up', location: new URL(`http://127.0.0.1:${port}/desc`) });
  });
});

describe('--upstream URL parsing', () => {
  it('accepts http URLs and guesses the mode from the path', () => {
    expect(guessMode(parseUpstreamUrl('http://10.42.0.5:8200/rootDesc.xml'))).toBe('description');
    expect(guessMode(parseUpstreamUrl('http://jellyfin.media.svc:8096'))).toBe('jellyfin');
  });
  it('refuses non-http URLs and garbage with a message naming the value (the CLI adds the flag), without credentials', () => {
    expect(() => parseUpstreamUrl('https://jf:8920')).toThrow(UpstreamUrlError);
    expect(() => parseUpstreamUrl('jellyfin:8096x y')).toThrow(
      /^jellyfin:\/\/8096x y: only http:\/\/ upstreams are supported$/,
    );
    try {
      parseUpstreamUrl('ftp://admin:hunter2@jf/');
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });
});

describe('why an upstream is not usable, in words', () => {
  async function serverAnswering(status: number, body: string, type = 'text/html'): Promise<number> {
    const server = http.createServer((_req, res) => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    });
    const port = await listen(server);
    cleanups.push(() => closeServer(server));
    return port;
  }

  it('connection refused, HTTP status N, not a device description, timed out: each its kind and words', async () => {
    const closed = http.createServer();
    const closedPort = await listen(closed);
    await closeServer(closed);
    const refused = describeProbeFailure(
      await createProbeError(new URL(`http://127.0.0.1:${closedPort}/rootDesc.xml`)),
    );
    expect(refused).toEqual({
      kind: 'refused',
      reason: expect.stringMatching(
        /^connection refused: http:\/\/127\.0\.0\.1:\d+\/rootDesc\.xml: connect ECONNREFUSED/,
      ),
    });

    const notFound = await serverAnswering(404, 'nope');
    expect(describeProbeFailure(await createProbeError(new URL(`http://127.0.0.1:${notFound}/rootDesc.xml`)))).toEqual({
      kind: 'http_status',
      reason: `HTTP status 404 from http://127.0.0.1:${notFound}/rootDesc.xml (expected a device description)`,
    });

    const html = await serverAnswering(200, '<html><body>a router</body></html>');
    expect(describeProbeFailure(await createProbeError(new URL(`http://127.0.0.1:${html}/rootDesc.xml`)))).toEqual({
      kind: 'not_description',
      reason: `not a device description: http://127.0.0.1:${html}/rootDesc.xml answers, but not with UPnP XML (no <root> element)`,
    });

    const stall = http.createServer(() => {
      /* never answers */
    });
    const stallPort = await listen(stall);
    cleanups.push(() => closeServer(stall));
    expect(
      describeProbeFailure(await createProbeError(new URL(`http://127.0.0.1:${stallPort}/rootDesc.xml`), 200)),
    ).toEqual({
      kind: 'timeout',
      reason: `timed out: http://127.0.0.1:${stallPort}/rootDesc.xml: no complete answer within 200 ms`,
    });
  });

  it('userinfo and query of the URL are in no reason', async () => {
    const notFound = await serverAnswering(404, 'nope');
    const err = await createProbeError(
      new URL(`http://alice:S3cretPass@127.0.0.1:${notFound}/rootDesc.xml?api_key=K3yS3cret`),
    );
    const { reason } = describeProbeFailure(err);
    expect(reason).toBe(
      `HTTP status 404 from http://127.0.0.1:${notFound}/rootDesc.xml (expected a device description)`,
    );
  });
});

/** The error one look of an upstream source rejects with. */
async function createProbeError(url: URL, timeoutMs = 2_000): Promise<unknown> {
  const { fetchDescription } = await import('../../../src/bridge/sources/static-url/description-probe.js');
  return fetchDescription(url, { timeoutMs }).then(
    () => {
      throw new Error('expected the look to fail');
    },
    (err: unknown) => err,
  );
}
