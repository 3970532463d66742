import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type dgram from 'node:dgram';
import { parseCidr } from '../../../src/net/cidr.js';
import { parseSsdp, serializeSearch, type SsdpMessage } from '../../../src/bridge/ssdp/codec.js';
import { SsdpEngine, type SsdpEngineOptions } from '../../../src/bridge/ssdp/engine.js';
import type { SsdpSocketLike, SsdpSocketOptions } from '../../../src/bridge/ssdp/socket.js';
import { MEDIA_SERVER, REAL_MESSAGES } from './fixtures.js';

interface Sent {
  at: number;
  to: string;
  message: SsdpMessage;
}

class FakeSocket implements SsdpSocketLike {
  listening = false;
  port = 1900;
  closed = false;
  constructor(
    readonly options: SsdpSocketOptions,
    private readonly log: Sent[],
  ) {}
  async start() {
    this.listening = true;
    return true;
  }
  async send(d: Buffer, port: number, address: string) {
    const r = parseSsdp(d);
    if (!r.ok) throw new Error(`engine sent an unparseable datagram: ${r.reason}`);
    this.log.push({ at: Date.now(), to: `${address}:${port}`, message: r.message });
  }
  sendMulticast(d: Buffer) {
    return this.send(d, 1900, '239.255.255.250');
  }
  async close() {
    this.closed = true;
    this.listening = false;
  }
  deliver(text: string | Buffer, from = { address: '192.0.2.50', port: 40000 }) {
    this.options.onMessage(Buffer.isBuffer(text) ? text : Buffer.from(text), {
      ...from,
      family: 'IPv4',
      size: text.length,
    } as dgram.RemoteInfo);
  }
}

const LAN = { name: 'eth0', address: '192.0.2.1', subnets: [parseCidr('192.0.2.0/24')] };
const LOCATION = 'http://192.0.2.1:8200/u/k1/rootDesc.xml';

function setup(over: Partial<SsdpEngineOptions> = {}) {
  const sent: Sent[] = [];
  let socket!: FakeSocket;
  const engine = new SsdpEngine({
    interfaces: [LAN],
    random: () => 0.5,
    createSocket: (o) => (socket = new FakeSocket(o, sent)),
    ...over,
  });
  return { engine, sent, socket: () => socket };
}

const notifies = (sent: Sent[], nts: string) =>
  sent.filter((s) => s.message.type === 'notify' && s.message.nts === nts);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2025-06-01T12:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('SSDP engine: announcing (UDA 1.1 §1.2, ssdp.md Timing)', () => {
  it('first round after a random 0-100 ms, sent 3 times a few hundred ms apart: 3 x (3+2d+k) NOTIFYs', async () => {
    const { engine, sent } = setup();
    await engine.start();
    engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 3 });
    await vi.advanceTimersByTimeAsync(49);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(5); // random 0.5 -> 50 ms
    await vi.advanceTimersByTimeAsync(1000);
    const alive = notifies(sent, 'ssdp:alive');
    expect(alive).toHaveLength(15);
    expect(new Set(alive.map((s) => s.at - Date.parse('2025-06-01T12:00:00Z')))).toEqual(new Set([50, 300, 550]));
    for (const s of alive)
      expect(s.message).toMatchObject({ location: LOCATION, configId: 3, bootId: 1748779200, maxAge: 1800 });
    expect(alive.every((s) => s.to === '239.255.255.250:1900')).toBe(true);
  });

  it('re-announces at a random interval under max-age/2 with the same BOOTID', async () => {
    const { engine, sent } = setup({ maxAge: 1800 });
    await engine.start();
    engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 3 });
    await vi.advanceTimersByTimeAsync(900_000); // max-age/2
    const alive = notifies(sent, 'ssdp:alive');
    expect(alive.length).toBeGreaterThanOrEqual(30);
    const gaps = [...new Set(alive.map((s) => s.at))].sort((a, b) => a - b);
    expect(gaps.at(3)! - gaps[0]!).toBeLessThan(900_000);
    expect(new Set(alive.map((s) => (s.message as { bootId: number }).bootId)).size).toBe(1);
  });

  it('--alive-interval sets the re-announce interval', async () => {
    const { engine, sent } = setup({ aliveIntervalMs: 10_000 });
    await engine.start();
    engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 3 });
    await vi.advanceTimersByTimeAsync(10_049);
    expect(notifies(sent, 'ssdp:alive')).toHaveLength(15);
    await vi.advanceTimersByTimeAsync(10);
    expect(notifies(sent, 'ssdp:alive')).toHaveLength(20);
  });

  it('the same input again starts no new round', async () => {
    const { engine, sent } = setup();
    await engine.start();
    const a = engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 3 });
    await vi.advanceTimersByTimeAsync(1000);
    const b = engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 3 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(b.bootId).toBe(a.bootId);
    expect(notifies(sent, 'ssdp:alive')).toHaveLength(15);
  });

  it('a new LOCATION: byebye of the old round first, then a fresh round with a higher BOOTID', async () => {
    const { engine, sent } = setup();
    await engine.start();
    const first = engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 3 });
    await vi.advanceTimersByTimeAsync(100);
    const second = engine.advertise({
      description: MEDIA_SERVER,
      location: 'http://192.0.2.1:8200/u/k1/other.xml',
      configId: 3,
    });
    await vi.advanceTimersByTimeAsync(2000);
    expect(second.bootId).toBeGreaterThan(first.bootId);
    const byes = notifies(sent, 'ssdp:byebye');
    expect(byes).toHaveLength(10);
    expect(byes.every((s) => (s.message as { bootId: number }).bootId === first.bootId)).toBe(true);
    const lastBye = Math.max(...byes.map((s) => s.at));
    const newAlive = notifies(sent, 'ssdp:alive').filter(
      (s) => (s.message as { bootId: number }).bootId === second.bootId,
    );
    expect(newAlive).toHaveLength(15);
    expect(Math.min(...newAlive.map((s) => s.at))).toBeGreaterThan(lastBye);
    // no alive of the old round after the change
    expect(
      notifies(sent, 'ssdp:alive').filter(
        (s) =>
          (s.message as { bootId: number }).bootId === first.bootId && s.at > Date.parse('2025-06-01T12:00:00.100Z'),
      ),
    ).toHaveLength(0);
  });

  it('a new CONFIGID (description changed) also starts a fresh round', async () => {
    const { engine } = setup();
    await engine.start();
    const a = engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 3 });
    const b = engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 4 });
    expect(b.bootId).toBeGreaterThan(a.bootId);
    const stopping = engine.stopAll();
    await vi.advanceTimersByTimeAsync(1000);
    await stopping;
  });

  it('withdraw: one byebye per alive, resolved once on the wire, and no more alives', async () => {
    const { engine, sent } = setup({ aliveIntervalMs: 5_000 });
    await engine.start();
    engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 3 });
    await vi.advanceTimersByTimeAsync(1000);
    const done = engine.withdraw(MEDIA_SERVER.root.udn);
    await vi.advanceTimersByTimeAsync(200);
    await done;
    const byes = notifies(sent, 'ssdp:byebye');
    expect(byes).toHaveLength(10); // 5 messages, sent twice
    expect(new Set(byes.map((s) => (s.message as { usn: string }).usn)).size).toBe(5);
    const count = sent.length;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(count);
  });

  it('stopAll: byebyes for everything on the wire before it resolves, then sockets closed', async () => {
    const { engine, sent, socket } = setup();
    await engine.start();
    engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 3 });
    engine.advertise({
      description: { ...MEDIA_SERVER, root: { ...MEDIA_SERVER.root, udn: 'uuid:second' } },
      location: LOCATION,
      configId: 1,
    });
    const stopping = engine.stopAll();
    await vi.advanceTimersByTimeAsync(100);
    await stopping;
    expect(notifies(sent, 'ssdp:byebye')).toHaveLength(20);
    expect(socket().closed).toBe(true);
  });

  it('an undeliverable advertisement (UDN with a space) throws at advertise(), not later', () => {
    const { engine } = setup();
    expect(() =>
      engine.advertise({
        description: { ...MEDIA_SERVER, root: { ...MEDIA_SERVER.root, udn: 'uuid:a b' } },
        location: LOCATION,
        configId: 1,
      }),
    ).toThrow();
  });
});

describe('SSDP engine: answering M-SEARCH', () => {
  async function advertised(over: Partial<SsdpEngineOptions> = {}) {
    const s = setup(over);
    await s.engine.start();
    s.engine.advertise({ description: MEDIA_SERVER, location: LOCATION, configId: 3 });
    await vi.advanceTimersByTimeAsync(1000);
    s.sent.length = 0;
    return s;
  }
  const search = (st: string, mx?: number) => serializeSearch({ st, mx, userAgent: 'TV/1 UPnP/1.1 tv/1' });

  it('answers a multicast search unicast to the sender after its random delay, ST echoed', async () => {
    const { sent, socket, engine } = await advertised();
    socket().deliver(search('urn:schemas-upnp-org:device:MediaServer:1', 2));
    await vi.advanceTimersByTimeAsync(999);
    expect(sent).toHaveLength(0); // random 0.5 * 2 s
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe('192.0.2.50:40000');
    expect(sent[0]!.message).toMatchObject({
      type: 'response',
      st: 'urn:schemas-upnp-org:device:MediaServer:1',
      location: LOCATION,
      configId: 3,
    });
    expect(engine.counters).toMatchObject({ searchesAnswered: 1, responsesSent: 1 });
  });

  it('ssdp:all: one answer per message of the round', async () => {
    const { sent, socket } = await advertised();
    socket().deliver(search('ssdp:all', 1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.map((s) => (s.message as { st: string }).st)).toHaveLength(5);
  });

  it('drops and counts: off-subnet, no MX, malformed, oversized', async () => {
    const { sent, socket, engine } = await advertised();
    socket().deliver(search('ssdp:all', 1), { address: '203.0.113.5', port: 1900 });
    socket().deliver(search('ssdp:all'));
    socket().deliver('M-SEARCH * HTTP/1.1\r\nMX: x\r\n\r\n');
    socket().deliver(Buffer.alloc(9000, 0x41));
    await vi.advanceTimersByTimeAsync(6000);
    expect(sent).toHaveLength(0);
    expect(engine.counters.dropped).toMatchObject({
      'off-subnet': 1,
      'multicast-without-mx': 1,
      'missing-header': 1,
      oversized: 1,
    });
    expect(engine.counters.datagramsReceived).toBe(4);
  });

  it('our own NOTIFY heard back is ignored and counted; foreign NOTIFYs are ignored', async () => {
    const { socket, engine, sent } = await advertised();
    const own = `NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nNT: upnp:rootdevice\r\nNTS: ssdp:byebye\r\nUSN: uuid:x::upnp:rootdevice\r\nSERVER: Linux/6 UPnP/1.1 dlna-bridge/0.1.0\r\n\r\n`;
    socket().deliver(own, { address: '192.0.2.1', port: 1900 });
    socket().deliver(REAL_MESSAGES.minidlnaAlive!);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toHaveLength(0);
    expect(engine.counters).toMatchObject({ ownPacketsIgnored: 1, notificationsIgnored: 1 });
  });

  it('a search for something we do not advertise is counted as unmatched', async () => {
    const { socket, engine } = await advertised();
    socket().deliver(search('urn:schemas-upnp-org:device:Printer:1', 1));
    expect(engine.counters.searchesUnmatched).toBe(1);
  });

  it('a device withdrawn during the MX delay is not answered for', async () => {
    const { socket, engine, sent } = await advertised();
    socket().deliver(search('upnp:rootdevice', 5));
    void engine.withdraw(MEDIA_SERVER.root.udn);
    await vi.advanceTimersByTimeAsync(6000);
    expect(sent.filter((s) => s.message.type === 'response')).toHaveLength(0);
  });

  it('a flood from one TV is rate-limited per source', async () => {
    const { socket, engine, sent } = await advertised();
    for (let i = 0; i < 1000; i++) socket().deliver(search('upnp:rootdevice', 1));
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent.length).toBeLessThanOrEqual(25);
    expect(engine.counters.dropped['rate-limited-source']).toBeGreaterThan(900);
  });
});
