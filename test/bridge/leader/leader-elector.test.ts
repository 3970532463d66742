// Lease election against the fake API server, with real (short) timings.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLeaseStore } from '../../../src/k8s/lease-store.js';
import { LeaderElectionConfigError, LeaderElector } from '../../../src/bridge/leader/leader-elector.js';
import type { LeaseStore } from '../../../src/k8s/lease-store.js';
import { FakeKubeApi } from '../../helpers/fake-kube-api.js';
import { liteKubeConfig } from '../../helpers/lite-kube.js';

let api: FakeKubeApi;
const electors: LeaderElector[] = [];
beforeEach(async () => {
  api = await new FakeKubeApi().start();
});
afterEach(async () => {
  for (const e of electors.splice(0)) await e.stop();
  await api.stop();
});

const TIMING = { leaseDurationSeconds: 2, renewIntervalMs: 300, renewDeadlineMs: 1200, retryIntervalMs: 400 };

interface Tracked {
  elector: LeaderElector;
  events: string[];
  /** when each event happened (ms since epoch) */
  times: number[];
}

/** A store that can be cut off, as a node that died or lost the API server. */
function partitionable(store: LeaseStore): LeaseStore & { cut: boolean } {
  const s = {
    cut: false,
    description: store.description,
    get: () => (s.cut ? Promise.reject(new Error('connect ECONNREFUSED')) : store.get()),
    create: (r: Parameters<LeaseStore['create']>[0]) =>
      s.cut ? Promise.reject(new Error('connect ECONNREFUSED')) : store.create(r),
    update: (r: Parameters<LeaseStore['update']>[0], v: string) =>
      s.cut ? Promise.reject(new Error('connect ECONNREFUSED')) : store.update(r, v),
  };
  return s;
}

function elector(
  identity: string,
  store: LeaseStore = createLeaseStore(liteKubeConfig(api), 'media', 'dlna-bridge'),
): Tracked {
  const t: Tracked = { events: [], times: [], elector: undefined as unknown as LeaderElector };
  const note = (e: string): void => {
    t.events.push(e);
    t.times.push(Date.now());
  };
  t.elector = new LeaderElector({
    identity,
    store,
    ...TIMING,
    onStartedLeading: () => note('started'),
    onStoppedLeading: (reason) => note(`stopped: ${reason}`),
    onNewLeader: (id) => note(`leader ${id}`),
  });
  electors.push(t.elector);
  return t;
}

const until = async (cond: () => boolean, ms = 8000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('Lease leader election (coordination.k8s.io/v1)', () => {
  it("two replicas starting together: exactly one leads, the other sees it (409 on the loser's create)", async () => {
    const a = elector('bridge-a');
    const b = elector('bridge-b');
    a.elector.start();
    b.elector.start();
    await until(() => a.elector.isLeader || b.elector.isLeader);
    await new Promise((r) => setTimeout(r, 800));
    expect([a.elector.isLeader, b.elector.isLeader].filter(Boolean)).toHaveLength(1);
    const [leader, follower] = a.elector.isLeader ? [a, b] : [b, a];
    expect(follower.elector.leader).toBe(leader.elector.leader);
    const lease = api.get('coordination.k8s.io/v1', 'Lease', 'media', 'dlna-bridge') as any;
    expect(lease.spec.holderIdentity).toBe(leader.elector.leader);
    expect(lease.spec.leaseDurationSeconds).toBe(2);
    // renewTime is a MicroTime: six fractional digits, as the API server requires.
    expect(lease.spec.renewTime).toMatch(/\.\d{6}Z$/);
  });

  it('the leader renews: its lease never expires while it lives', async () => {
    const a = elector('bridge-a');
    a.elector.start();
    await until(() => a.elector.isLeader);
    const b = elector('bridge-b');
    b.elector.start();
    await new Promise((r) => setTimeout(r, 3000)); // 1.5 lease durations
    expect(a.elector.isLeader).toBe(true);
    expect(b.elector.isLeader).toBe(false);
    expect(a.events).toEqual(['started']);
  });

  it("the leader's node dies: it steps down by its renew deadline, the other takes over within lease duration + 2 s", async () => {
    const storeA = partitionable(createLeaseStore(liteKubeConfig(api), 'media', 'dlna-bridge'));
    const a = elector('bridge-a', storeA);
    a.elector.start();
    await until(() => a.elector.isLeader);
    const b = elector('bridge-b');
    b.elector.start();
    await until(() => b.elector.leader === 'bridge-a');
    const lastRenew = Date.parse(
      (api.get('coordination.k8s.io/v1', 'Lease', 'media', 'dlna-bridge') as any).spec.renewTime,
    );
    storeA.cut = true;
    await until(() => b.elector.isLeader, 10_000);
    const takeover = b.times[b.events.indexOf('started')]!;
    expect(takeover - lastRenew).toBeLessThanOrEqual(TIMING.leaseDurationSeconds * 1000 + 2000);
    // the partitioned old leader stopped announcing before the new one started
    const stepDown = a.times[a.events.findIndex((e) => e.startsWith('stopped'))]!;
    expect(a.events[1]).toMatch(/^stopped: no renewal for 1200 ms/);
    expect(stepDown).toBeLessThan(takeover);
    const lease = api.get('coordination.k8s.io/v1', 'Lease', 'media', 'dlna-bridge') as any;
    expect(lease.spec.holderIdentity).toBe('bridge-b');
    expect(lease.spec.leaseTransitions).toBe(1);
  });

  it('a leader that stops releases the lease and steps down (byebye); the other takes over without waiting for expiry', async () => {
    const a = elector('bridge-a');
    a.elector.start();
    await until(() => a.elector.isLeader);
    const b = elector('bridge-b');
    b.elector.start();
    await until(() => b.elector.leader === 'bridge-a');
    const stoppedAt = Date.now();
    await a.elector.stop();
    expect(a.events).toEqual(['started', 'stopped: shutting down']);
    expect((api.get('coordination.k8s.io/v1', 'Lease', 'media', 'dlna-bridge') as any).spec.holderIdentity).toBe('');
    await until(() => b.elector.isLeader);
    expect(Date.now() - stoppedAt).toBeLessThan(TIMING.retryIntervalMs + 500);
  });

  it('someone else holds the lease now: the leader steps down at its next look', async () => {
    const a = elector('bridge-a');
    a.elector.start();
    await until(() => a.elector.isLeader);
    const lease = api.get('coordination.k8s.io/v1', 'Lease', 'media', 'dlna-bridge')!;
    api.upsert({
      ...lease,
      spec: { ...(lease as any).spec, holderIdentity: 'intruder', renewTime: new Date().toISOString() },
    });
    await until(() => !a.elector.isLeader);
    expect(a.events).toEqual(['started', 'stopped: the lease is held by intruder', 'leader intruder']);
  });

  it('a write between our read and our renew: the API server answers 409 and the leader steps down', async () => {
    const real = createLeaseStore(liteKubeConfig(api), 'media', 'dlna-bridge');
    let race = false;
    const racing: LeaseStore = {
      description: real.description,
      get: async () => {
        const r = await real.get();
        if (race && r) {
          race = false;
          const lease = api.get('coordination.k8s.io/v1', 'Lease', 'media', 'dlna-bridge')!;
          api.upsert({ ...lease, spec: { ...(lease as any).spec, holderIdentity: 'intruder' } });
        }
        return r;
      },
      create: (w) => real.create(w),
      update: (w, v) => real.update(w, v),
    };
    const a = elector('bridge-a', racing);
    a.elector.start();
    await until(() => a.elector.isLeader);
    race = true;
    await until(() => !a.elector.isLeader);
    expect(a.events[1]).toBe('stopped: the lease was written by another replica');
    expect(api.requests.some((r) => r.method === 'PUT' && r.status === 409)).toBe(true);
  });

  it('API errors on a follower are retried, never crash', async () => {
    api.failNext('GET', /leases\/dlna-bridge$/, 500, 3);
    const a = elector('bridge-a');
    a.elector.start();
    await until(() => a.elector.isLeader);
    expect(api.requests.filter((r) => r.status === 500)).toHaveLength(3);
  });

  it('refuses timings that could let two leaders overlap', () => {
    const store = createLeaseStore(liteKubeConfig(api), 'media', 'x');
    const cb = { onStartedLeading: () => {}, onStoppedLeading: () => {} };
    expect(
      () => new LeaderElector({ identity: 'a', store, ...cb, leaseDurationSeconds: 5, renewDeadlineMs: 5000 }),
    ).toThrow(LeaderElectionConfigError);
    expect(
      () => new LeaderElector({ identity: 'a', store, ...cb, renewIntervalMs: 10_000, renewDeadlineMs: 10_000 }),
    ).toThrow(LeaderElectionConfigError);
    expect(() => new LeaderElector({ identity: '', store, ...cb })).toThrow(/identity/);
  });
});

describe('createKubernetesLeaderElector (the serve wiring)', () => {
  it('uses the Lease name the Role allows, POD_NAME as identity and POD_NAMESPACE', async () => {
    const { createKubernetesLeaderElector, LEASE_NAME } =
      await import('../../../src/bridge/leader/kubernetes-leader.js');
    const started: string[] = [];
    const e = createKubernetesLeaderElector(liteKubeConfig(api), {
      env: { POD_NAME: 'dlna-bridge-x7k2p', POD_NAMESPACE: 'media' },
      onStartedLeading: () => started.push('started'),
      onStoppedLeading: () => {},
      ...TIMING,
    });
    electors.push(e);
    e.start();
    await until(() => e.isLeader);
    expect(LEASE_NAME).toBe('dlna-bridge');
    expect((api.get('coordination.k8s.io/v1', 'Lease', 'media', 'dlna-bridge') as any).spec.holderIdentity).toBe(
      'dlna-bridge-x7k2p',
    );
  });
});
