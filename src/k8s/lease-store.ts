// The Lease a bridge replica holds to be the one that announces on the LAN
// (coordination.k8s.io/v1). Thin: read, create, update with the object's
// resourceVersion (the API server answers 409 to a stale one: optimistic
// concurrency is what makes two replicas unable to both win).
import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import type { LeaseRecord, LeaseStore } from '../leader/lease-record.js';
import { apiErrorCode } from './kubeconfig.js';

export function createLeaseStore(kc: KubeConfig, namespace: string, name: string): LeaseStore {
  const api = kc.makeApiClient(CoordinationV1Api);
  const toRecord = (l: V1Lease): LeaseRecord => ({
    holderIdentity: l.spec?.holderIdentity ?? '',
    leaseDurationSeconds: l.spec?.leaseDurationSeconds ?? 0,
    acquireTime: l.spec?.acquireTime ? new Date(l.spec.acquireTime as unknown as string).getTime() : undefined,
    renewTime: l.spec?.renewTime ? new Date(l.spec.renewTime as unknown as string).getTime() : undefined,
    leaseTransitions: l.spec?.leaseTransitions ?? 0,
    resourceVersion: l.metadata?.resourceVersion ?? '',
  });
  const toBody = (r: Omit<LeaseRecord, 'resourceVersion'>, resourceVersion?: string): V1Lease => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, ...(resourceVersion ? { resourceVersion } : {}) },
    spec: {
      holderIdentity: r.holderIdentity,
      leaseDurationSeconds: r.leaseDurationSeconds,
      ...(r.acquireTime !== undefined ? { acquireTime: new V1MicroTime(r.acquireTime) } : {}),
      ...(r.renewTime !== undefined ? { renewTime: new V1MicroTime(r.renewTime) } : {}),
      leaseTransitions: r.leaseTransitions,
    },
  });
  return {
    description: `Lease ${namespace}/${name}`,
    async get() {
      try {
        return toRecord(await api.readNamespacedLease({ name, namespace }));
      } catch (err) {
        if (apiErrorCode(err) === 404) return null;
        throw err;
      }
    },
    async create(r) {
      try {
        return toRecord(await api.createNamespacedLease({ namespace, body: toBody(r) }));
      } catch (err) {
        if (apiErrorCode(err) === 409) return 'conflict';
        throw err;
      }
    },
    async update(r, resourceVersion) {
      try {
        return toRecord(await api.replaceNamespacedLease({ name, namespace, body: toBody(r, resourceVersion) }));
      } catch (err) {
        if (apiErrorCode(err) === 409) return 'conflict';
        throw err;
      }
    },
  };
}
