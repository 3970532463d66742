import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Registry, Gauge } from 'prom-client';
import { UpstreamHealth } from '../../../src/bridge/sources/upstream-health.js';
import { createLogger } from '../../../src/util/logger.js';

function memoryLogger(): { logger: ReturnType<typeof createLogger>; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger('debug', 'test', stream);
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

const dns = { kind: 'dns' as const, reason: 'name does not resolve: getaddrinfo EAI_AGAIN jf.invalid' };
const refused = { kind: 'refused' as const, reason: 'connection refused: connect ECONNREFUSED 10.42.0.5:8096' };
const timeout = { kind: 'timeout' as const, reason: 'timed out: no complete answer within 5000 ms' };

describe('upstream health: the daemon says why, once per reason', () => {
  it('first failure is one warn line with the reason; the same reason again is debug only', () => {
    const { logger, lines } = memoryLogger();
    let now = 0;
    const h = new UpstreamHealth({ logger, now: () => now });
    h.register('jf:8096');
    expect(h.list()).toEqual([{ name: 'jf:8096', state: 'starting', since: '1970-01-01T00:00:00.000Z' }]);
    h.failed('jf:8096', dns);
    now += 10_000;
    h.failed('jf:8096', dns);
    now += 10_000;
    h.failed('jf:8096', dns);
    const warns = lines().filter((l) => l['level'] === 'warn');
    expect(warns).toEqual([
      expect.objectContaining({
        level: 'warn',
        upstream: 'jf:8096',
        kind: 'dns',
        reason: dns.reason,
        msg: 'upstream unavailable',
      }),
    ]);
    expect(lines().filter((l) => l['level'] === 'debug')).toHaveLength(2);
    expect(h.list()[0]).toEqual({
      name: 'jf:8096',
      state: 'down',
      since: '1970-01-01T00:00:00.000Z',
      lastError: { ...dns, at: '1970-01-01T00:00:20.000Z' },
    });
  });

  it('a new reason is a warn line, at most one per interval per upstream; the next one counts what it stood for', () => {
    const { logger, lines } = memoryLogger();
    let now = 0;
    const h = new UpstreamHealth({ logger, now: () => now, minWarnIntervalMs: 60_000 });
    h.failed('jf:8096', dns);
    now = 10_000;
    h.failed('jf:8096', refused); // within the interval: held back
    now = 20_000;
    h.failed('jf:8096', timeout); // held back
    now = 70_000;
    h.failed('jf:8096', refused); // interval over: logged, counting the two held back
    const warns = lines().filter((l) => l['level'] === 'warn');
    expect(warns.map((w) => [w['kind'], w['msg'], w['changesNotLogged']])).toEqual([
      ['dns', 'upstream unavailable', undefined],
      ['refused', 'upstream still unavailable, for another reason', 2],
    ]);
  });

  it('up, then down again: the failure after an up is logged at once; the gauge follows', async () => {
    const { logger, lines } = memoryLogger();
    const registry = new Registry();
    const gauge = new Gauge({ name: 'up_test', help: 'test gauge', labelNames: ['upstream'], registers: [registry] });
    let now = 0;
    const h = new UpstreamHealth({ logger, gauge, now: () => now });
    h.failed('a', refused);
    now = 1_000;
    h.up('a');
    expect((await gauge.get()).values).toEqual([{ labels: { upstream: 'a' }, value: 1 }]);
    now = 2_000;
    h.failed('a', refused);
    expect((await gauge.get()).values).toEqual([{ labels: { upstream: 'a' }, value: 0 }]);
    expect(lines().filter((l) => l['level'] === 'warn')).toHaveLength(2);
    expect(lines().filter((l) => l['msg'] === 'upstream reachable again')).toHaveLength(1);
    expect(h.downReasons()).toBe(`a: ${refused.reason}`);
    h.remove('a');
    expect((await gauge.get()).values).toEqual([]);
  });
});
