// A hostile LAN's reply stall and amplification, in process with fake sockets: the
// engine caps targets per device, bounds answer bytes per search and per
// destination, and keeps answers to unresolvable neighbours on a send path of
// their own, so they never hold up NOTIFYs or a real TV's answer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type dgram from 'node:dgram';
import { parseCidr } from '../../../src/net/cidr.js';
import { serializeSearch } from '../../../src/bridge/ssdp/codec.js';
import { MAX_ANSWER_BYTES_PER_SEARCH } from '../../../src/bridge/ssdp/constants.js';
import { SsdpEngine, boundAnswer, type SsdpEngineOptions } from '../../../src/bridge/ssdp/engine.js';
import type { SsdpSocketLike, SsdpSocketOptions } from '../../../src/bridge/ssdp/socket.js';
import type { DeviceDescription } from '../../../src/bridge/upnp/description.js';
import { MEDIA_SERVER } from './fixtures.js';

interface Sent {
  at: number;
  via: number;
  to: string;
  text: string;
}

/** A socket whose sends to `stuck` addresses never complete (the kernel's ARP queue, as seen from Node). */
class FakeSocket implements SsdpSocketLike {
  listening = false;
  port = 1900;
  constructor(
    readonly options: SsdpSocketOptions,
    readonly index: number,
    private readonly log: Sent[],
    private readonly stuck: Set<string>,
  ) {}
  async start() {
    this.listening = true;
    return true;
  }
  send(d: Buffer, port: number, address: string): Promise<void> {
    if (this.stuck.has(address)) return new Promise(() => {});
    this.log.push({ at: Date.now(), via: this.index, to: `${address}:${port}`, text: d.toString('latin1') });
    return Promise.resolve();
  }
  sendMulticast(d: Buffer) {
    return this.send(d, 1900, '239.255.255.250');
  }
  async close() {
    this.listening = false;
  }
  deliver(text: Buffer, from: { address: string; port: number }) {
    this.options.onMessage(text, { ...from, family: 'IPv4', size: text.length } as dgram.RemoteInfo);
  }
}

const LAN = { name: 'eth0', address: '192.0.2.1', subnets: [parseCidr('192.0.2.0/24')] };
const LOCATION = 'http://192.0.2.1:8200/u/k1/rootDesc.xml';
const TV = '192.0.2.50';

function setup(over: Partial<SsdpEngineOptions> = {}, resolvedNeighbours: string[] = [TV], stuck: string[] = []) {
  const sent: Sent[] = [];
  const sockets: FakeSocket[] = [];
  const warnings: Array<Record<string, unknown>> = [];
  const logger = {
    warn: (o: Record<string, unknown>, msg: string) => warnings.push({ ...o, msg }),
    info() {},
    debug() {},
    error() {},
    child: () => logger,
  } as never;
  const engine = new SsdpEngine({
    interfaces: [LAN],
    random: () => 0,
    neighbours: { resolved: (a) => resolvedNeighbours.includes(a) },
    createSocket: (o) => {
      const s = new FakeSocket(o, sockets.length, sent, new Set(stuck));
      sockets.push(s);
      return s;
    },
    logger,
    ...over,
  });
  return { engine, sent, sockets, warnings };
}

const search = (st: string, mx?: number) => serializeSearch({ st, mx, userAgent: 'TV/1 UPnP/1.1 tv/1' });
const unicastSearch = (st: string) =>
  Buffer.from(
    `M-SEARCH * HTTP/1.1\r\nHOST: 192.0.2.1:1900\r\nMAN: "ssdp:discover"\r\nST: ${st}\r\nUSER-AGENT: TV/1 UPnP/1.1 tv/1\r\n\r\n`,
  );
const manyServices = (n: number): DeviceDescription => ({
  ...MEDIA_SERVER,
  serviceTypes: Array.from({ length: n }, (_, i) => `urn:schemas-example-com:service:Flood${i}:1`),
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-06-01T12:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('SSDP engine output bounds (issue 10, break 7: amplification)', () => {
  it('a description with 400 service types is announced with 32 targets, and the cap is logged', async () => {
    const { engine, sent, warnings } = setup();
    await engine.start();
    const ad = engine.advertise({ description: manyServices(400), location: LOCATION, configId: 1 });
    expect(ad.targets).toHaveLength(32);
    expect(warnings).toMatchObject([
      {
        targets: 403,
        announced: 32,
        msg: 'ssdp: the description lists 403 targets; only the first 32 are announced and answered for',
      },
    ]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.filter((s) => s.text.includes('ssdp:alive'))).toHaveLength(3 * 32);
  });

  it('ssdp:all against a 400-service device: one answer bounded to 16 KiB, not 403 datagrams', async () => {
    const { engine, sent, sockets } = setup();
    await engine.start();
    engine.advertise({ description: manyServices(400), location: LOCATION, configId: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    sent.length = 0;
    const request = search('ssdp:all', 1);
    sockets[0]!.deliver(request, { address: TV, port: 40000 });
    await vi.advanceTimersByTimeAsync(1100);
    const bytes = sent.reduce((n, s) => n + s.text.length, 0);
    expect(sent.length).toBeLessThanOrEqual(32);
    expect(bytes).toBeLessThanOrEqual(MAX_ANSWER_BYTES_PER_SEARCH);
    expect(bytes / request.length).toBeLessThan(200); // was 1824x
  });

  it('answer bytes per destination are budgeted: a spoofed victim gets at most the burst, then the refill rate', async () => {
    const { engine, sent, sockets } = setup({
      perSource: { burst: 1000, perSecond: 1000 },
      perSourceBytes: { burst: 4096, perSecond: 1024 },
    });
    await engine.start();
    engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    sent.length = 0;
    for (let i = 0; i < 50; i++) sockets[0]!.deliver(unicastSearch('ssdp:all'), { address: TV, port: 40000 });
    await vi.advanceTimersByTimeAsync(10);
    const bytes = sent.reduce((n, s) => n + s.text.length, 0);
    expect(bytes).toBeLessThanOrEqual(4096);
    expect(bytes).toBeGreaterThan(4096 - 5 * 400);
    expect(engine.counters.dropped['answer-bytes-source']).toBeGreaterThan(10);
  });

  it('boundAnswer keeps whole datagrams up to the bound, never fewer than one', () => {
    const d = (n: number) => Buffer.alloc(n);
    expect(boundAnswer([d(400), d(400), d(400)], 1000).datagrams).toHaveLength(2);
    expect(boundAnswer([d(1200)], 1000)).toMatchObject({ bytes: 1200 });
  });
});

describe('SSDP engine send paths (issue 10, break 6: reply stall)', () => {
  it('answers to unresolved neighbours that never leave hold up neither NOTIFYs nor a resolved TV', async () => {
    const ghosts = Array.from({ length: 150 }, (_, i) => `192.0.2.${100 + i}`);
    const { engine, sent, sockets } = setup(
      {
        aliveIntervalMs: 2000,
        perSource: { burst: 100, perSecond: 100 },
        global: { burst: 10_000, perSecond: 10_000 },
      },
      [TV],
      ghosts,
    );
    await engine.start();
    engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    const [group, resolvedPath, unresolvedPath] = sockets as [FakeSocket, FakeSocket, FakeSocket];
    expect([group.options.mode, resolvedPath.options.mode, unresolvedPath.options.mode]).toEqual([
      'group',
      'reply',
      'reply',
    ]);
    // 5 s of ssdp:all from 150 addresses nobody answers ARP for.
    for (let t = 0; t < 50; t++) {
      for (const g of ghosts) group.deliver(search('ssdp:all', 1), { address: g, port: 1900 });
      await vi.advanceTimersByTimeAsync(100);
    }
    const before = sent.length;
    const asked = Date.now();
    resolvedPath.deliver(unicastSearch('upnp:rootdevice'), { address: TV, port: 40000 });
    await vi.advanceTimersByTimeAsync(50);
    const answer = sent.slice(before).find((s) => s.to === `${TV}:40000`);
    expect(answer).toMatchObject({ via: 1 });
    expect(answer!.at - asked).toBeLessThan(50);
    // NOTIFYs went out every 2 s throughout, from the group socket only.
    const alives = sent.filter((s) => s.text.startsWith('NOTIFY'));
    expect(alives.every((s) => s.via === 0)).toBe(true);
    expect(alives.length).toBeGreaterThanOrEqual(3 * 5 * 3);
    // The stuck path holds a bounded queue and drops what waited too long.
    expect(engine.counters.answersOverflow + engine.counters.answersStale).toBeGreaterThan(0);
    expect(sent.some((s) => s.via === 2)).toBe(false);
  });

  it('a routed destination (--allow-subnet) takes the resolved path: the gateway is what it waits on', async () => {
    const { engine, sent, sockets } = setup({ allowSubnets: [parseCidr('203.0.113.0/24')] }, []);
    await engine.start();
    engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    sockets[0]!.deliver(unicastSearch('upnp:rootdevice'), { address: '203.0.113.9', port: 40000 });
    sockets[0]!.deliver(unicastSearch('upnp:rootdevice'), { address: '192.0.2.77', port: 40000 });
    await vi.advanceTimersByTimeAsync(10);
    expect(sent.filter((s) => !s.text.startsWith('NOTIFY')).map((s) => [s.to, s.via])).toEqual([
      ['203.0.113.9:40000', 1],
      ['192.0.2.77:40000', 2],
    ]);
  });
});
