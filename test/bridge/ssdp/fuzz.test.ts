import { describe, expect, it } from 'vitest';
import { parseSsdp, PARSE_FAILURES } from '../../../src/bridge/ssdp/codec.js';
import { fuzzInputs } from '../../../src/bridge/ssdp/fuzz.js';
import { REAL_MESSAGES } from './fixtures.js';

describe('SSDP codec fuzz (CI-sized; bench/ssdp-codec-fuzz.mjs runs 1,000,000+)', () => {
  it('20,000 random and mutated datagrams: never throws, always a typed result, bounded time', () => {
    const next = fuzzInputs(0xd1a, Object.values(REAL_MESSAGES));
    const reasons = new Map<string, number>();
    const started = performance.now();
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const r = parseSsdp(next());
      if (r.ok) {
        accepted++;
        expect(['search', 'notify', 'response']).toContain(r.message.type);
      } else {
        expect(PARSE_FAILURES).toContain(r.reason);
        reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
      }
    }
    const ms = performance.now() - started;
    // Mutations of real messages must keep some parseable, and reach many reasons.
    expect(accepted).toBeGreaterThan(500);
    expect(reasons.size).toBeGreaterThanOrEqual(8);
    // Linear-time parsing: 20k inputs well under the test timeout even on a loaded CI box.
    expect(ms).toBeLessThan(10_000);
  });
});
