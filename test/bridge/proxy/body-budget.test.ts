// 200 LAN clients asking for an 8 MiB XML answer and never
// reading it pushed RSS past 500 MB (each answer buffered, rewritten and
// queued whole on its socket, no cap overall). Now XML held for rewriting
// comes out of one budget with a share per client, waits bounded for room
// (then 503), and a client that takes nothing is cut off after sendStallMs.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyBudget, BudgetHold } from '../../../src/bridge/proxy/body-budget.js';
import { startHostileUpstream, type HostileUpstream } from '../../fixtures/upstreams/hostile.js';
import { bridgeTo, request, type Bridge } from './harness.js';
import { sleep, waitFor } from '../../helpers/topology.js';

describe('BodyBudget', () => {
  it('holds to the total and to each client share', () => {
    const b = new BodyBudget({ totalBytes: 100, perClientBytes: 60 });
    expect(b.tryTake('a', 60)).toBe(true);
    expect(b.tryTake('a', 1)).toBe(false);
    expect(b.tryTake('b', 40)).toBe(true);
    expect(b.tryTake('c', 1)).toBe(false);
    b.give('a', 60);
    expect(b.used).toBe(40);
    expect(b.usedBy('a')).toBe(0);
    expect(() => new BodyBudget({ totalBytes: 10, perClientBytes: 20 })).toThrow(RangeError);
  });

  it('a waiter gets its bytes when others give theirs back, or false when its wait runs out', async () => {
    const b = new BodyBudget({ totalBytes: 100, perClientBytes: 100 });
    b.tryTake('a', 100);
    const granted = new Promise<boolean>((r) => b.take('b', 50, 1000, r));
    const refused = new Promise<boolean>((r) => b.take('c', 80, 50, r));
    expect(await refused).toBe(false);
    b.give('a', 60);
    expect(await granted).toBe(true);
    expect(b.used).toBe(90);
    expect(await new Promise((r) => b.take('d', 101, 1000, r))).toBe(false); // can never fit: no wait
  });

  it('BudgetHold gives back everything once, also a grant that arrives after the exchange ended', async () => {
    const b = new BodyBudget({ totalBytes: 100, perClientBytes: 100 });
    const h = new BudgetHold(b, 'x');
    await new Promise<boolean>((r) => h.grow(30, 0, r));
    h.cover(45); // a rewrite grew the body: counted, never refused
    expect(b.used).toBe(45);
    b.tryTake('y', 55);
    let late: boolean | undefined;
    h.grow(20, 1000, (ok) => (late = ok));
    h.release();
    h.release();
    expect(b.used).toBe(55);
    b.give('y', 55);
    await sleep(10);
    expect(late).toBeUndefined(); // the wait was withdrawn
    expect(b.used).toBe(0);
  });
});

/** A client that asks and never reads: it takes the first chunk (the status line) and pauses. */
function nonReader(port: number, path: string, localAddress: string): Promise<{ status: number; socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', localAddress }, () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`),
    );
    socket.once('data', (d) => {
      socket.pause();
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(d.toString('latin1'))?.[1] ?? 0), socket });
    });
    socket.on('error', reject);
  });
}

const MiB = 1024 * 1024;

describe('proxy: XML held for rewriting stays within the budget, however many clients never read', () => {
  let upstream: HostileUpstream;
  let bridge: Bridge;
  const sockets: net.Socket[] = [];
  // 6 MiB answers, rewritten to ~7 MiB: two fit in the whole budget (16 MiB), one in a client's share (12 MiB).
  const XML = `/xml?bytes=${6 * MiB}`;
  beforeAll(async () => {
    upstream = await startHostileUpstream({ selfHost: '10.42.0.9' });
    bridge = await bridgeTo(upstream, {
      maxRewriteBytes: 6 * MiB,
      rewriteBudgetBytes: 16 * MiB,
      rewriteBudgetPerClientBytes: 12 * MiB,
      budgetWaitMs: 300,
      sendStallMs: 2_000,
    });
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await bridge.close();
    await upstream.close();
  });

  it(
    'five non-reading clients: two answers held, three get 503; held bytes never exceed the budget; stalled clients are cut off and the bytes come back',
    { timeout: 60_000 },
    async () => {
      let peak = 0;
      const probe = setInterval(() => (peak = Math.max(peak, bridge.proxy.heldBodyBytes)), 5);
      try {
        const clients = await Promise.all(
          [1, 2, 3, 4, 5].map((i) => nonReader(bridge.port, `/u/${bridge.key}${XML}`, `127.0.1.${i}`)),
        );
        sockets.push(...clients.map((c) => c.socket));
        expect(clients.map((c) => c.status).sort()).toEqual([200, 200, 503, 503, 503]);
        expect(peak).toBeGreaterThan(12 * MiB);
        expect(peak).toBeLessThanOrEqual(16 * MiB);
        // A reading client now: no room yet, so 503 after the bounded wait rather than queueing forever.
        const busy = await request(bridge.url(XML), { localAddress: '127.0.1.9' });
        expect(busy.status).toBe(503);
        expect(busy.headers['retry-after']).toBe('2');
        // sendStallMs: the two that took nothing are cut off; their bytes come back.
        await waitFor(
          'the stalled clients to be cut off',
          () => (bridge.proxy.heldBodyBytes === 0 ? true : undefined),
          6_000,
          50,
        );
        const served = await request(bridge.url(XML), { localAddress: '127.0.1.9' });
        expect(served.status).toBe(200);
        expect(served.text).not.toContain('10.42.0.9');
        expect(Number(served.headers['content-length'])).toBe(served.body.length);
      } finally {
        clearInterval(probe);
      }
    },
  );

  it(
    'one host takes at most its share: its second held answer waits (503) while another host is served',
    { timeout: 60_000 },
    async () => {
      await waitFor('an empty budget', () => (bridge.proxy.heldBodyBytes === 0 ? true : undefined), 6_000, 50);
      const first = await nonReader(bridge.port, `/u/${bridge.key}${XML}`, '127.0.1.20');
      sockets.push(first.socket);
      expect(first.status).toBe(200);
      const second = await nonReader(bridge.port, `/u/${bridge.key}${XML}`, '127.0.1.20');
      sockets.push(second.socket);
      expect(second.status).toBe(503);
      const other = await request(bridge.url(XML), { localAddress: '127.0.1.21' });
      expect(other.status).toBe(200);
      expect(other.body.length).toBe(Number(other.headers['content-length']));
    },
  );
});
