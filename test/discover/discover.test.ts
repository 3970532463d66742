import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import type dgram from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { parseCidr } from '../../src/net/cidr.js';
import { parseSsdp, serializeAlive, serializeByebye, serializeSearchResponse } from '../../src/bridge/ssdp/codec.js';
import type { SsdpSocketLike, SsdpSocketOptions } from '../../src/bridge/ssdp/socket.js';
import { DiscoveryCollector, notifyMatches } from '../../src/discover/collect.js';
import { discover, searchMx } from '../../src/discover/discover.js';
import { toJson, toText, type DiscoveredServer } from '../../src/discover/format.js';
import { runCli } from '../helpers/cli.js';
import { descriptionXml, MEDIA_SERVER } from '../bridge/ssdp/fixtures.js';

const MS = 'urn:schemas-upnp-org:device:MediaServer:1';
const ids = { bootId: 1, configId: 1 };

describe('discover: what a TV concludes from what it hears', () => {
  it('a NOTIFY counts when its NT answers the search target (UDA version rule)', () => {
    expect(notifyMatches(MS, 'urn:schemas-upnp-org:device:MediaServer:2', 'uuid:a::x')).toBe(true);
    expect(notifyMatches('urn:schemas-upnp-org:device:MediaServer:2', MS, 'uuid:a::x')).toBe(false);
    expect(notifyMatches('ssdp:all', 'upnp:rootdevice', 'uuid:a::upnp:rootdevice')).toBe(true);
    expect(notifyMatches(MS, 'upnp:rootdevice', 'uuid:a::upnp:rootdevice')).toBe(false);
  });
  it('one row per UDN and LOCATION; a byebye removes the server', () => {
    const c = new DiscoveryCollector(MS);
    const alive = (loc: string) =>
      parseSsdp(
        serializeAlive({
          nt: MS,
          usn: `uuid:a::${MS}`,
          location: loc,
          maxAge: 1800,
          server: 'a/1 UPnP/1.1 b/1',
          ...ids,
        }),
      );
    for (const r of [alive('http://192.0.2.1/d.xml'), alive('http://192.0.2.1/d.xml'), alive('http://192.0.2.2/d.xml')])
      if (r.ok && r.message.type === 'notify') c.notify(r.message);
    expect(c.list()).toHaveLength(2);
    const bye = parseSsdp(serializeByebye({ nt: 'upnp:rootdevice', usn: 'uuid:A::upnp:rootdevice', ...ids }));
    if (bye.ok && bye.message.type === 'notify') c.notify(bye.message);
    expect(c.list()).toHaveLength(0);
  });
  it('MX leaves time for answers: timeout - 1 s, between 1 and 5', () => {
    expect([searchMx(1000), searchMx(3000), searchMx(20_000)]).toEqual([1, 2, 5]);
  });
});

describe('discover: output', () => {
  const row: DiscoveredServer = {
    usn: `uuid:a::${MS}`,
    udn: 'uuid:a',
    location: 'http://10.42.0.7:8096/d.xml',
    friendlyName: 'Jellyfin',
    modelName: 'Jellyfin Server',
    reachable: false,
    error: 'connect EHOSTUNREACH',
  };
  it('--json: exactly the keys usn, udn, location, friendlyName, modelName, reachable, error', () => {
    const parsed = JSON.parse(toJson([row])) as Array<Record<string, unknown>>;
    expect(Object.keys(parsed[0]!)).toEqual([
      'usn',
      'udn',
      'location',
      'friendlyName',
      'modelName',
      'reachable',
      'error',
    ]);
  });
  it('text names the server, its LOCATION and why it is unusable', () => {
    const text = toText([row], { interfaceName: 'eth0', st: MS, timeoutS: 3 });
    expect(text).toContain('Jellyfin [Jellyfin Server]');
    expect(text).toContain('LOCATION:  http://10.42.0.7:8096/d.xml');
    expect(text).toContain('reachable: no (connect EHOSTUNREACH)');
    expect(text).toContain('a TV here would see it listed but fail to open it');
  });
  it('nothing found says so', () => {
    expect(toText([], { interfaceName: 'eth0', st: MS, timeoutS: 3 })).toContain(
      'A TV on this network would find nothing either',
    );
  });
});

describe('discover() with a fake network and a real description server on 127.0.0.1', () => {
  let server: http.Server;
  let base: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/d.xml') res.end(descriptionXml(MEDIA_SERVER));
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('searches 3 times, fetches each LOCATION and reports name, model, UDN, reachability', async () => {
    const sockets: Array<{ o: SsdpSocketOptions; sent: Buffer[] }> = [];
    const fake = (o: SsdpSocketOptions): SsdpSocketLike => {
      const rec = { o, sent: [] as Buffer[] };
      sockets.push(rec);
      return {
        listening: true,
        port: 1900,
        start: async () => true,
        send: async (d) => void rec.sent.push(d),
        sendMulticast: async (d) => {
          rec.sent.push(d);
          if (rec.sent.length > 1) return;
          // two servers answer the first search: one reachable, one not
          const answer = (usn: string, location: string) =>
            serializeSearchResponse({
              st: MS,
              usn,
              location,
              maxAge: 1800,
              server: 'a/1 UPnP/1.1 b/1',
              date: new Date(),
              ...ids,
            });
          const rinfo = { address: '192.0.2.9', port: 1900, family: 'IPv4', size: 0 } as dgram.RemoteInfo;
          setTimeout(() => {
            o.onMessage(answer(`${MEDIA_SERVER.root.udn}::${MS}`, `${base}/d.xml`), rinfo);
            o.onMessage(answer(`uuid:gone::${MS}`, `${base}/missing.xml`), rinfo);
          }, 10);
        },
        close: async () => {},
      };
    };
    const result = await discover({
      iface: { name: 'eth0', address: '192.0.2.50', addresses: ['192.0.2.50'], subnets: [parseCidr('192.0.2.0/24')] },
      st: MS,
      timeoutMs: 1000,
      createSocket: fake,
    });
    const searcher = sockets.find((s) => s.o.mode === 'unicast')!;
    expect(searcher.sent).toHaveLength(3);
    expect(searcher.sent[0]!.toString()).toMatch(/^M-SEARCH \* HTTP\/1\.1\r\n[\s\S]*MX: 1\r\n/);
    expect(result.servers).toEqual([
      {
        usn: `uuid:gone::${MS}`,
        udn: 'uuid:gone',
        location: `${base}/missing.xml`,
        friendlyName: null,
        modelName: null,
        reachable: true,
        error: 'HTTP 404 for the description',
      },
      {
        usn: `${MEDIA_SERVER.root.udn}::${MS}`,
        udn: MEDIA_SERVER.root.udn,
        location: `${base}/d.xml`,
        friendlyName: 'Test Media',
        modelName: 'Test Model',
        reachable: true,
        error: null,
      },
    ]);
  });
});

describe('dlna-bridge discover (CLI)', () => {
  it('an unknown interface is a usage error: exit 2 with the interfaces there are', async () => {
    const r = await runCli(['discover', '--interface', 'nosuch0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no network interface named nosuch0 \(have: .*lo/);
  });
  it('a malformed --st is exit 2', async () => {
    const r = await runCli(['discover', '--interface', 'lo', '--st', 'MediaServer']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--st "MediaServer"');
  });
  it('--help documents the exit codes', async () => {
    const r = await runCli(['discover', '--help']);
    expect(r.stdout).toContain('Exit codes: 0 at least one server found');
  });
});
