import { afterEach, describe, expect, it } from 'vitest';
import type dgram from 'node:dgram';
import type { SourceEvent } from '../../../../src/bridge/catalog/types.js';
import { parseCidr } from '../../../../src/net/cidr.js';
import { serializeAlive, serializeByebye, serializeSearchResponse } from '../../../../src/bridge/ssdp/codec.js';
import type { SsdpSocketLike, SsdpSocketOptions } from '../../../../src/bridge/ssdp/socket.js';
import { ClusterSsdpSource, otherInterfaceAddresses } from '../../../../src/bridge/sources/cluster-ssdp/source.js';
import { descriptionXml, MEDIA_SERVER } from '../../ssdp/fixtures.js';

class FakeSocket implements SsdpSocketLike {
  listening = true;
  port = 1900;
  sent: Buffer[] = [];
  constructor(readonly options: SsdpSocketOptions) {}
  async start() {
    return true;
  }
  async send(d: Buffer) {
    this.sent.push(d);
  }
  sendMulticast(d: Buffer) {
    return this.send(d);
  }
  async close() {}
  deliver(d: Buffer, address = '198.51.100.2') {
    this.options.onMessage(d, { address, port: 1900, family: 'IPv4', size: d.length } as dgram.RemoteInfo);
  }
}

const MS = 'urn:schemas-upnp-org:device:MediaServer:1';
/** A description of `udn`: what the source fetches before it believes an announcement. */
const desc = (udn = 'uuid:pod-1') => descriptionXml({ ...MEDIA_SERVER, root: { ...MEDIA_SERVER.root, udn } });
const alive = (location: string, udn = 'uuid:pod-1', server = 'Debian UPnP/1.0 MiniDLNA/1.3.3') =>
  serializeAlive({ nt: MS, usn: `${udn}::${MS}`, location, maxAge: 60, server, bootId: 1, configId: 1 });

let source: ClusterSsdpSource | undefined;
afterEach(async () => source?.stop());

async function started(fetch: (url: URL) => Promise<string>) {
  const sockets: FakeSocket[] = [];
  const events: SourceEvent[] = [];
  source = new ClusterSsdpSource({
    iface: { name: 'cni0', address: '198.51.100.1', subnets: [parseCidr('198.51.100.0/24')] },
    searchMx: 0,
    createSocket: (o) => {
      const s = new FakeSocket(o);
      sockets.push(s);
      return s;
    },
    fetchDescription: fetch,
    otherInterfaces: () => ['192.0.2.1', '127.0.0.1'],
  });
  await source.start((e) => events.push(e));
  const [listener, searcher] = sockets as [FakeSocket, FakeSocket];
  return { listener, searcher, events };
}
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('cluster-ssdp source (--cluster-interface)', () => {
  it('searches for MediaServer on the pod interface at start (M-SEARCH, MX, from the unicast socket)', async () => {
    const { searcher, listener } = await started(async () => desc());
    expect(listener.options.mode).toBe('interface-group');
    expect(listener.options.otherInterfaces!()).toEqual(['192.0.2.1', '127.0.0.1']);
    expect(searcher.options.mode).toBe('unicast');
    expect(searcher.sent[0]!.toString()).toContain(`ST: ${MS}\r\n`);
  });

  it('an alive NOTIFY -> LOCATION fetched -> up with the description; byebye -> description re-fetched -> down once it fails', async () => {
    let serving = true;
    const { listener, events } = await started(async () => {
      if (!serving) throw new Error('connect ECONNREFUSED');
      return desc();
    });
    listener.deliver(alive('http://198.51.100.2:8200/rootDesc.xml'));
    await tick();
    expect(events).toEqual([
      {
        kind: 'up',
        source: 'cluster-ssdp:cni0',
        location: new URL('http://198.51.100.2:8200/rootDesc.xml'),
        descriptionText: desc(),
      },
    ]);
    const byebye = serializeByebye({
      nt: 'upnp:rootdevice',
      usn: 'uuid:pod-1::upnp:rootdevice',
      bootId: 1,
      configId: 1,
    });
    listener.deliver(byebye); // forged, say: the server still answers, so it stays
    await tick();
    expect(events).toHaveLength(1);
    serving = false;
    listener.deliver(byebye);
    await tick();
    expect(events[1]).toMatchObject({
      kind: 'down',
      reason: 'ssdp:byebye; description fetch failed: connect ECONNREFUSED',
    });
  });

  it('a description of another UDN at the LOCATION is not believed (up refused, byebye confirmed)', async () => {
    const { listener, events } = await started(async () => desc('uuid:someone-else'));
    listener.deliver(alive('http://198.51.100.2:8200/rootDesc.xml'));
    await tick();
    expect(events).toEqual([]);
  });

  it('search answers count only on the searcher, within our search window, for a LOCATION on the sender', async () => {
    const { listener, searcher, events } = await started(async () => desc('uuid:pod-2'));
    const answer = (host: string) =>
      serializeSearchResponse({
        st: MS,
        usn: `uuid:pod-2::${MS}`,
        location: `http://${host}:8200/d.xml`,
        maxAge: 60,
        server: 'x/1 UPnP/1.0 y/1',
        bootId: 1,
        configId: 1,
        date: new Date(),
      });
    listener.deliver(answer('198.51.100.3'), '198.51.100.3'); // an answer is unicast: never on the group socket
    searcher.deliver(answer('198.51.100.4'), '198.51.100.3'); // LOCATION not on its sender
    await tick();
    expect(events).toEqual([]);
    await new Promise((r) => setTimeout(r, 1_000)); // past the MX (0) window + grace
    searcher.deliver(answer('198.51.100.3'), '198.51.100.3');
    await tick();
    expect(events).toEqual([]);
  });

  it('the other interfaces: one IPv4 address each, never the pod-side one', () => {
    const v4 = (address: string) => ({
      address,
      family: 'IPv4' as const,
      netmask: '255.255.255.0',
      mac: '',
      internal: false,
      cidr: null,
    });
    const table = {
      lo: [v4('127.0.0.1')],
      eth0: [v4('192.0.2.10'), v4('192.0.2.11')],
      cni0: [v4('198.51.100.1')],
      veth1: [],
    };
    expect(otherInterfaceAddresses('cni0', table)).toEqual(['127.0.0.1', '192.0.2.10']);
  });

  it('a search answer counts like an alive', async () => {
    const { searcher, events } = await started(async () => desc('uuid:pod-2'));
    searcher.deliver(
      serializeSearchResponse({
        st: MS,
        usn: `uuid:pod-2::${MS}`,
        location: 'http://198.51.100.3:8200/d.xml',
        maxAge: 60,
        server: 'x/1 UPnP/1.0 y/1',
        bootId: 1,
        configId: 1,
        date: new Date(),
      }),
      '198.51.100.3',
    );
    await tick();
    expect(events).toMatchObject([{ kind: 'up', location: new URL('http://198.51.100.3:8200/d.xml') }]);
  });

  it('follows a pod that moves: up at the new address, then down at the old', async () => {
    const { listener, events } = await started(async () => desc());
    listener.deliver(alive('http://198.51.100.2:8200/rootDesc.xml'));
    await tick();
    listener.deliver(alive('http://198.51.100.9:8200/rootDesc.xml'), '198.51.100.9');
    await tick();
    expect(events.map((e) => [e.kind, e.location.host])).toEqual([
      ['up', '198.51.100.2:8200'],
      ['up', '198.51.100.9:8200'],
      ['down', '198.51.100.2:8200'],
    ]);
  });

  it('ignores: senders off the pod subnet (our LAN side), our own announcements, other device types, LOCATION off the pod network', async () => {
    const { listener, events } = await started(async () => desc());
    listener.deliver(alive('http://192.0.2.1:8200/u/x/rootDesc.xml'), '192.0.2.1');
    listener.deliver(
      alive('http://198.51.100.1:8200/u/x/rootDesc.xml', 'uuid:ours', 'Linux/6 UPnP/1.1 dlna-bridge/0.1.0'),
      '198.51.100.1',
    );
    listener.deliver(
      serializeAlive({
        nt: 'urn:schemas-upnp-org:device:Printer:1',
        usn: 'uuid:p::urn:schemas-upnp-org:device:Printer:1',
        location: 'http://198.51.100.5/d.xml',
        maxAge: 60,
        server: 'a/1 UPnP/1.0 b/1',
        bootId: 1,
        configId: 1,
      }),
      '198.51.100.5',
    );
    listener.deliver(alive('http://203.0.113.66/evil.xml'), '198.51.100.2');
    listener.deliver(alive('http://user:pw@198.51.100.2:8200/rootDesc.xml'), '198.51.100.2');
    listener.deliver(alive('https://198.51.100.2:8200/rootDesc.xml'), '198.51.100.2');
    listener.deliver(Buffer.from('garbage'));
    await tick();
    expect(events).toEqual([]);
  });

  it('a LOCATION that cannot be fetched is not reported up', async () => {
    const { listener, events } = await started(async () => {
      throw new Error('connect ECONNREFUSED');
    });
    listener.deliver(alive('http://198.51.100.2:8200/rootDesc.xml'));
    await tick();
    expect(events).toEqual([]);
  });
});
