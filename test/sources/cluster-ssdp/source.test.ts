import { afterEach, describe, expect, it } from 'vitest';
import type dgram from 'node:dgram';
import type { SourceEvent } from '../../../src/catalog/types.js';
import { parseCidr } from '../../../src/net/cidr.js';
import { serializeAlive, serializeByebye, serializeSearchResponse } from '../../../src/ssdp/codec.js';
import type { SsdpSocketLike, SsdpSocketOptions } from '../../../src/ssdp/socket.js';
import { ClusterSsdpSource } from '../../../src/sources/cluster-ssdp/source.js';

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
  });
  await source.start((e) => events.push(e));
  const [listener, searcher] = sockets as [FakeSocket, FakeSocket];
  return { listener, searcher, events };
}
const tick = () => new Promise((r) => setTimeout(r, 20));

describe('cluster-ssdp source (--cluster-interface)', () => {
  it('searches for MediaServer on the pod interface at start (M-SEARCH, MX, from the unicast socket)', async () => {
    const { searcher, listener } = await started(async () => '<root/>');
    expect(listener.options.mode).toBe('group');
    expect(searcher.options.mode).toBe('unicast');
    expect(searcher.sent[0]!.toString()).toContain(`ST: ${MS}\r\n`);
  });

  it('an alive NOTIFY -> LOCATION fetched -> up with the description; byebye -> down', async () => {
    const { listener, events } = await started(async () => '<root>desc</root>');
    listener.deliver(alive('http://198.51.100.2:8200/rootDesc.xml'));
    await tick();
    expect(events).toEqual([{ kind: 'up', source: 'cluster-ssdp:cni0', location: new URL('http://198.51.100.2:8200/rootDesc.xml'), descriptionText: '<root>desc</root>' }]);
    listener.deliver(serializeByebye({ nt: 'upnp:rootdevice', usn: 'uuid:pod-1::upnp:rootdevice', bootId: 1, configId: 1 }));
    expect(events[1]).toMatchObject({ kind: 'down', reason: 'ssdp:byebye' });
  });

  it('a search answer counts like an alive', async () => {
    const { searcher, events } = await started(async () => '<root/>');
    searcher.deliver(serializeSearchResponse({ st: MS, usn: `uuid:pod-2::${MS}`, location: 'http://198.51.100.3:8200/d.xml', maxAge: 60, server: 'x/1 UPnP/1.0 y/1', bootId: 1, configId: 1, date: new Date() }), '198.51.100.3');
    await tick();
    expect(events).toMatchObject([{ kind: 'up', location: new URL('http://198.51.100.3:8200/d.xml') }]);
  });

  it('follows a pod that moves: up at the new address, then down at the old', async () => {
    const { listener, events } = await started(async () => '<root/>');
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
    const { listener, events } = await started(async () => '<root/>');
    listener.deliver(alive('http://192.0.2.1:8200/u/x/rootDesc.xml'), '192.0.2.1');
    listener.deliver(alive('http://198.51.100.1:8200/u/x/rootDesc.xml', 'uuid:ours', 'Linux/6 UPnP/1.1 dlna-bridge/0.1.0'), '198.51.100.1');
    listener.deliver(serializeAlive({ nt: 'urn:schemas-upnp-org:device:Printer:1', usn: 'uuid:p::urn:schemas-upnp-org:device:Printer:1', location: 'http://198.51.100.5/d.xml', maxAge: 60, server: 'a/1 UPnP/1.0 b/1', bootId: 1, configId: 1 }), '198.51.100.5');
    listener.deliver(alive('http://203.0.113.66/evil.xml'), '198.51.100.2');
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
