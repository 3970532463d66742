import { describe, expect, it } from 'vitest';
import { decide, observe, releaseWrite } from '../../../src/bridge/leader/lease-record.js';
import type { LeaseRecord } from '../../../src/k8s/lease-store.js';

const rec = (over: Partial<LeaseRecord> = {}): LeaseRecord => ({
  holderIdentity: 'bridge-a',
  leaseDurationSeconds: 15,
  acquireTime: 0,
  renewTime: 0,
  leaseTransitions: 0,
  resourceVersion: '7',
  ...over,
});

describe('leader election decision', () => {
  it('no lease: create it, holding it ourselves', () => {
    const d = decide({ identity: 'bridge-b', now: 1000, leaseDurationSeconds: 15, current: null });
    expect(d).toMatchObject({
      action: 'create',
      write: { holderIdentity: 'bridge-b', leaseTransitions: 0, renewTime: 1000 },
    });
  });

  it('our lease: renew with its resourceVersion (optimistic concurrency)', () => {
    const d = decide({
      identity: 'bridge-a',
      now: 5000,
      leaseDurationSeconds: 15,
      current: { record: rec(), observedAt: 0 },
    });
    expect(d).toMatchObject({
      action: 'renew',
      resourceVersion: '7',
      write: { holderIdentity: 'bridge-a', renewTime: 5000, acquireTime: 0 },
    });
  });

  it('another holder within the duration: wait, and say when it runs out', () => {
    const d = decide({
      identity: 'bridge-b',
      now: 14_999,
      leaseDurationSeconds: 15,
      current: { record: rec(), observedAt: 0 },
    });
    expect(d).toEqual({ action: 'wait', holder: 'bridge-a', expiresAt: 15_000 });
  });

  it('another holder past the duration: take over, counting a transition', () => {
    const d = decide({
      identity: 'bridge-b',
      now: 15_000,
      leaseDurationSeconds: 15,
      current: { record: rec({ leaseTransitions: 3 }), observedAt: 0 },
    });
    expect(d).toMatchObject({
      action: 'takeover',
      previousHolder: 'bridge-a',
      resourceVersion: '7',
      write: { holderIdentity: 'bridge-b', leaseTransitions: 4 },
    });
  });

  it('a released lease (empty holder) is taken at once', () => {
    const d = decide({
      identity: 'bridge-b',
      now: 1,
      leaseDurationSeconds: 15,
      current: { record: rec({ holderIdentity: '' }), observedAt: 0 },
    });
    expect(d.action).toBe('takeover');
  });

  it('clock skew: expiry counts from when we observed the record, not from its renewTime', () => {
    // The holder's clock is an hour behind: renewTime looks ancient, but we saw it change just now.
    const d = decide({
      identity: 'bridge-b',
      now: 3_600_000,
      leaseDurationSeconds: 15,
      current: { record: rec({ renewTime: 0 }), observedAt: 3_599_000 },
    });
    expect(d.action).toBe('wait');
  });

  it("the holder's own duration wins over ours", () => {
    const d = decide({
      identity: 'bridge-b',
      now: 20_000,
      leaseDurationSeconds: 15,
      current: { record: rec({ leaseDurationSeconds: 30 }), observedAt: 0 },
    });
    expect(d).toMatchObject({ action: 'wait', expiresAt: 30_000 });
  });

  it('observe keeps the first sighting of a version and restarts on a new one', () => {
    const first = observe(null, rec(), 100)!;
    expect(observe(first, rec(), 900)).toBe(first);
    expect(observe(first, rec({ resourceVersion: '8' }), 900)!.observedAt).toBe(900);
    expect(observe(first, null, 900)).toBeNull();
  });

  it('release empties the holder and shortens the duration', () => {
    expect(releaseWrite(rec(), 50)).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1, renewTime: 50 });
  });
});
