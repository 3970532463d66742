// The lite LeaseStore against the fake API server: the optimistic concurrency
// leader election rests on, and the wire format client-node used to write.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { V1MicroTime } from '@kubernetes/client-node';
import { createLeaseStore, formatMicroTime } from '../../src/k8s/lease-store.js';
import { FakeKubeApi } from '../helpers/fake-kube-api.js';
import { liteKubeConfig } from '../helpers/lite-kube.js';

let api: FakeKubeApi;
beforeEach(async () => {
  api = await new FakeKubeApi().start();
});
afterEach(async () => {
  await api.stop();
});

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0, 123);
const write = (holder: string, at: number, transitions = 0) => ({
  holderIdentity: holder,
  leaseDurationSeconds: 15,
  acquireTime: at,
  renewTime: at,
  leaseTransitions: transitions,
});

describe('lite LeaseStore (coordination.k8s.io/v1 Lease)', () => {
  it("MicroTime is written exactly as client-node's V1MicroTime (six fraction digits)", () => {
    expect(formatMicroTime(T0)).toBe('2026-11-27T12:00:00.123000Z');
    for (const t of [T0, 0, Date.UTC(2030, 0, 1), T0 + 999])
      expect(formatMicroTime(t)).toBe(new V1MicroTime(t).toISOString());
  });

  it('get of a missing Lease is null; create writes it; a second create is a conflict', async () => {
    const a = createLeaseStore(liteKubeConfig(api), 'media', 'dlna-bridge');
    expect(a.description).toBe('Lease media/dlna-bridge');
    expect(await a.get()).toBeNull();
    const created = await a.create(write('pod-a', T0));
    expect(created).toMatchObject({
      holderIdentity: 'pod-a',
      leaseDurationSeconds: 15,
      acquireTime: T0,
      renewTime: T0,
      leaseTransitions: 0,
    });
    const stored = api.get('coordination.k8s.io/v1', 'Lease', 'media', 'dlna-bridge') as unknown as {
      spec: Record<string, unknown>;
    };
    expect(stored.spec).toEqual({
      holderIdentity: 'pod-a',
      leaseDurationSeconds: 15,
      acquireTime: '2026-11-27T12:00:00.123000Z',
      renewTime: '2026-11-27T12:00:00.123000Z',
      leaseTransitions: 0,
    });
    expect(await createLeaseStore(liteKubeConfig(api), 'media', 'dlna-bridge').create(write('pod-b', T0))).toBe(
      'conflict',
    );
    expect(await a.get()).toEqual(created);
  });

  it('update with the current resourceVersion wins; with a stale one it is a conflict (two replicas cannot both take over)', async () => {
    const a = createLeaseStore(liteKubeConfig(api), 'media', 'dlna-bridge');
    const b = createLeaseStore(liteKubeConfig(api), 'media', 'dlna-bridge');
    const first = await a.create(write('pod-a', T0));
    if (first === 'conflict') throw new Error('unexpected conflict');
    const seenByB = (await b.get())!;
    const renewed = await a.update({ ...write('pod-a', T0), renewTime: T0 + 5000 }, first.resourceVersion);
    expect(renewed).toMatchObject({ holderIdentity: 'pod-a', renewTime: T0 + 5000 });
    expect(await b.update(write('pod-b', T0 + 6000, 1), seenByB.resourceVersion)).toBe('conflict');
    expect((await b.get())!.holderIdentity).toBe('pod-a');
  });

  it("any other API error is thrown with the server's reason (the elector logs it and retries)", async () => {
    const a = createLeaseStore(liteKubeConfig(api), 'media', 'dlna-bridge');
    api.failNext('GET', /leases\/dlna-bridge$/, 500);
    await expect(a.get()).rejects.toThrow(
      /GET \/apis\/coordination.k8s.io\/v1\/namespaces\/media\/leases\/dlna-bridge: HTTP 500: injected failure/,
    );
    api.failNext('POST', /leases$/, 403);
    await expect(a.create(write('pod-a', T0))).rejects.toMatchObject({ code: 403 });
  });

  it('a wrong token is 401, not a conflict or a missing Lease', async () => {
    const cfg = { ...liteKubeConfig(api), token: () => 'wrong' };
    await expect(createLeaseStore(cfg, 'media', 'x').get()).rejects.toMatchObject({ code: 401 });
  });
});
