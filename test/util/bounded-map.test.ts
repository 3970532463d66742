import { describe, expect, it } from 'vitest';
import { boundedMap } from '../../src/util/bounded-map.js';

describe('boundedMap', () => {
  it('keeps at most `limit` calls in flight, starts them in order, and settles each result in its own slot', async () => {
    let inFlight = 0;
    let most = 0;
    const order: number[] = [];
    const m = boundedMap([30, 5, 20, 1, 10], 2, async (delay, i) => {
      order.push(i);
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, delay));
      inFlight--;
      if (i === 3) throw new Error('three');
      return delay * 2;
    });
    const settled = await Promise.all(m.results);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(settled.map((s) => (s.ok ? s.value : (s.error as Error).message))).toEqual([60, 10, 40, 'three', 20]);
  });

  it('a call that throws synchronously settles as an error; stop() starts nothing more', async () => {
    const started: number[] = [];
    const m = boundedMap([0, 1, 2], 1, (n) => {
      started.push(n);
      if (n === 0) throw new Error('sync');
      return Promise.resolve(n);
    });
    m.stop();
    expect(await m.results[0]).toMatchObject({ ok: false });
    await new Promise((r) => setTimeout(r, 5));
    expect(started).toEqual([0]);
  });

  it('refuses a limit below 1', () => {
    expect(() => boundedMap([1], 0, async (n) => n)).toThrow(RangeError);
  });
});
