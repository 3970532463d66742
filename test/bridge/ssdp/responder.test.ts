import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../../src/net/cidr.js';
import type { SearchMessage } from '../../../src/bridge/ssdp/codec.js';
import { KeyedTokenBuckets, TokenBucket } from '../../../src/net/rate-limit.js';
import { isMulticastSearch, ResponderPolicy } from '../../../src/bridge/ssdp/responder.js';

const search = (over: Partial<SearchMessage> = {}): SearchMessage => ({
  type: 'search',
  host: '239.255.255.250:1900',
  st: 'ssdp:all',
  mx: 3,
  userAgent: undefined,
  headers: new Map(),
  ...over,
});
const tv = { address: '192.0.2.50', port: 50000 };

function policy(over: Partial<ConstructorParameters<typeof ResponderPolicy>[0]> = {}, clock = { t: 0 }) {
  return new ResponderPolicy({ allowed: [parseCidr('192.0.2.0/24')], now: () => clock.t, random: () => 0.5, ...over });
}

describe('Responder policy (UDA 1.1 §1.3.2, ssdp.md Security)', () => {
  it('UDA 1.1: a multicast M-SEARCH without MX is dropped', () => {
    expect(policy().decide(search({ mx: undefined }), tv, 5, 0)).toEqual({
      answer: false,
      reason: 'multicast-without-mx',
    });
  });
  it('UDA 1.1: answer after a random delay in [0, MX] s', () => {
    expect(policy({ random: () => 0 }).decide(search({ mx: 3 }), tv, 5, 0)).toEqual({
      answer: true,
      delayMs: 0,
      unicast: false,
    });
    expect(policy({ random: () => 0.5 }).decide(search({ mx: 3 }), tv, 5, 0)).toEqual({
      answer: true,
      delayMs: 1500,
      unicast: false,
    });
    expect(policy({ random: () => 0.999 }).decide(search({ mx: 1 }), tv, 5, 0)).toMatchObject({ delayMs: 999 });
  });
  it('UDA 1.1: MX above 5 counts as 5', () => {
    expect(policy({ random: () => 0.999999 }).decide(search({ mx: 120 }), tv, 5, 0)).toMatchObject({
      answer: true,
      delayMs: 4999,
    });
  });
  it('UDA 1.1: a unicast M-SEARCH (HOST = our address, no MX) is answered at once', () => {
    const unicast = search({ host: '192.0.2.1:1900', mx: undefined });
    expect(isMulticastSearch(unicast)).toBe(false);
    expect(policy().decide(unicast, tv, 5, 0)).toEqual({ answer: true, delayMs: 0, unicast: true });
  });
  it('HOST without port still counts as multicast', () =>
    expect(isMulticastSearch(search({ host: '239.255.255.250' }))).toBe(true));
  it('reflection: a sender outside the LAN subnets gets no answer', () => {
    expect(policy().decide(search(), { address: '203.0.113.9', port: 1 }, 5, 0)).toEqual({
      answer: false,
      reason: 'off-subnet',
    });
  });
  it('--allow-subnet: an extra CIDR is answered', () => {
    const p = policy({ allowed: [parseCidr('192.0.2.0/24'), parseCidr('203.0.113.0/24')] });
    expect(p.decide(search(), { address: '203.0.113.9', port: 1 }, 5, 0)).toMatchObject({ answer: true });
  });
  it('IPv4-mapped sender addresses are matched as IPv4', () => {
    expect(policy().decide(search(), { address: '::ffff:192.0.2.50', port: 1 }, 5, 0)).toMatchObject({ answer: true });
  });
  it('per-source rate limit: burst, then refused, then refilled with time', () => {
    const clock = { t: 0 };
    const p = policy({ perSource: { burst: 3, perSecond: 1 } }, clock);
    const results = Array.from({ length: 5 }, () => p.decide(search(), tv, 1, 0));
    expect(results.map((r) => r.answer)).toEqual([true, true, true, false, false]);
    expect(results[4]).toEqual({ answer: false, reason: 'rate-limited-source' });
    // another TV is not affected by the flooder
    expect(p.decide(search(), { address: '192.0.2.51', port: 1 }, 1, 0).answer).toBe(true);
    clock.t = 1000;
    expect(p.decide(search(), tv, 1, 0).answer).toBe(true);
  });
  it('global cap counts answer datagrams: ssdp:all costs one per message', () => {
    const p = policy({ global: { burst: 10, perSecond: 1 } });
    expect(p.decide(search(), { address: '192.0.2.1', port: 1 }, 8, 0).answer).toBe(true);
    expect(p.decide(search(), { address: '192.0.2.2', port: 1 }, 8, 0)).toEqual({
      answer: false,
      reason: 'rate-limited-global',
    });
  });
  it('a multicast flood from many LAN sources cannot starve a unicast search: it has a budget of its own', () => {
    const p = policy({ global: { burst: 10, perSecond: 0 }, unicastGlobal: { burst: 5, perSecond: 0 }, maxPending: 3 });
    for (let i = 0; i < 20; i++) p.decide(search(), { address: `192.0.2.${100 + i}`, port: 1 }, 1, 0);
    expect(p.decide(search(), { address: '192.0.2.99', port: 1 }, 1, 0)).toEqual({
      answer: false,
      reason: 'rate-limited-global',
    });
    const unicast = search({ host: '192.0.2.1:1900', mx: undefined });
    // the delayed-answer queue is full of multicast answers, the multicast budget is spent: still answered
    expect(p.admit('192.0.2.60', 3)).toBeUndefined();
    expect(p.decide(unicast, { address: '192.0.2.60', port: 1 }, 1, 3)).toEqual({
      answer: true,
      delayMs: 0,
      unicast: true,
    });
    // and the unicast budget is bounded too
    for (let i = 0; i < 4; i++) p.decide(unicast, { address: `192.0.2.${61 + i}`, port: 1 }, 1, 0);
    expect(p.decide(unicast, { address: '192.0.2.70', port: 1 }, 1, 0)).toEqual({
      answer: false,
      reason: 'rate-limited-global',
    });
    expect(p.admit('192.0.2.71', 3)).toBe('queue-full');
  });
  it('queue full: no more pending answers than maxPending', () => {
    expect(policy({ maxPending: 2 }).decide(search(), tv, 1, 2)).toEqual({ answer: false, reason: 'queue-full' });
  });
  it('off-subnet floods do not spend the LAN budget (subnet checked before buckets)', () => {
    const p = policy({ global: { burst: 2, perSecond: 0 } });
    for (let i = 0; i < 100; i++) p.decide(search(), { address: '203.0.113.9', port: 1 }, 1, 0);
    expect(p.decide(search(), tv, 1, 0).answer).toBe(true);
  });
});

describe('Token buckets', () => {
  it('take() refuses without consuming when short', () => {
    const b = new TokenBucket({ burst: 2, perSecond: 1 }, 0);
    expect(b.take(0, 3)).toBe(false);
    expect(b.take(0, 2)).toBe(true);
    expect(b.take(500, 1)).toBe(false);
    expect(b.take(1000, 1)).toBe(true);
  });
  it('never exceeds its burst however long it waits', () => {
    const b = new TokenBucket({ burst: 2, perSecond: 100 }, 0);
    expect(b.take(1e9, 3)).toBe(false);
  });
  it('keyed buckets stay bounded under a spoofed-source flood', () => {
    const k = new KeyedTokenBuckets({ burst: 1, perSecond: 0 }, 100);
    for (let i = 0; i < 10_000; i++) k.take(`10.0.${i >> 8}.${i & 255}`, 0);
    expect(k.size).toBeLessThanOrEqual(100);
  });
});
