import { describe, expect, it } from 'vitest';
import { ReplyLane } from '../../../src/bridge/ssdp/reply-lane.js';

function lane(over: { maxQueued?: number; maxWaitMs?: number } = {}) {
  let now = 0;
  const sent: string[] = [];
  const stats = { stale: 0, overflow: 0, errors: 0 };
  let release: (() => void) | undefined;
  let stuck = false;
  const l = new ReplyLane({
    send: async (d, _port, address) => {
      if (stuck) await new Promise<void>((r) => (release = r));
      if (address === 'bad') throw new Error('EINVAL');
      sent.push(`${address}:${d.toString()}`);
    },
    maxQueued: over.maxQueued ?? 4,
    maxWaitMs: over.maxWaitMs ?? 1000,
    now: () => now,
    onSent: () => {},
    onStale: () => stats.stale++,
    onOverflow: () => stats.overflow++,
    onError: () => stats.errors++,
  });
  return {
    l,
    sent,
    stats,
    setNow: (t: number) => (now = t),
    stick: (v: boolean) => (stuck = v),
    release: () => release?.(),
  };
}
const to = (address: string) => ({ address, port: 1900 });
const b = (s: string) => Buffer.from(s);

describe('ReplyLane: a bounded answer queue that drops what waited too long', () => {
  it('sends in order; a send error is counted and the rest go on', async () => {
    const { l, sent, stats } = lane();
    l.enqueue([b('1'), b('2')], to('a'));
    l.enqueue([b('3')], to('bad'));
    l.enqueue([b('4')], to('c'));
    await l.idle();
    expect(sent).toEqual(['a:1', 'a:2', 'c:4']);
    expect(stats.errors).toBe(1);
  });

  it('while the socket is stuck: at most maxQueued wait, and those older than maxWaitMs are dropped, not sent late', async () => {
    const { l, sent, stats, setNow, stick, release } = lane({ maxQueued: 3, maxWaitMs: 1000 });
    stick(true);
    l.enqueue([b('first')], to('ghost')); // taken by the stuck send
    await Promise.resolve();
    l.enqueue([b('x'), b('y'), b('z'), b('w')], to('ghost'));
    expect(stats.overflow).toBe(1);
    setNow(1500);
    l.enqueue([b('tv')], to('tv'));
    expect(stats.overflow).toBe(2); // still full
    stick(false);
    release();
    await l.idle();
    expect(sent).toEqual(['ghost:first']);
    expect(stats.stale).toBe(3);
    l.enqueue([b('tv')], to('tv'));
    await l.idle();
    expect(sent).toEqual(['ghost:first', 'tv:tv']);
  });

  it('clear() drops what waits', async () => {
    const { l, sent, stick, release } = lane();
    stick(true);
    l.enqueue([b('1'), b('2')], to('a'));
    await Promise.resolve();
    l.clear();
    stick(false);
    release();
    await l.idle();
    expect(sent).toEqual(['a:1']);
  });
});
