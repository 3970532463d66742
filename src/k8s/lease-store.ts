// The Lease a bridge replica holds to be the one that announces on the LAN
// (coordination.k8s.io/v1). Thin: read, create, update with the object's
// resourceVersion (the API server answers 409 to a stale one: optimistic
// concurrency is what makes two replicas unable to both win).
import type { LiteKubeConfig } from './config.js';
import { KubeApiError, kubeRequest } from './request.js';

/** A Lease as the leader election reads it; times in milliseconds on the local clock. */
export interface LeaseRecord {
  /** '' when released. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime?: number;
  renewTime?: number;
  leaseTransitions: number;
  /** The API server's version of the object; an update must send it back. */
  resourceVersion: string;
}

export type LeaseWrite = Omit<LeaseRecord, 'resourceVersion'>;

/** Read, create and update one Lease; what a leader election needs from the API. */
export interface LeaseStore {
  readonly description: string;
  get(): Promise<LeaseRecord | null>;
  /** 'conflict' when someone else created it first. */
  create(record: LeaseWrite): Promise<LeaseRecord | 'conflict'>;
  /** 'conflict' when resourceVersion is stale (someone else wrote in between). */
  update(record: LeaseWrite, resourceVersion: string): Promise<LeaseRecord | 'conflict'>;
}

interface LeaseObject {
  metadata?: { resourceVersion?: string };
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}

/** MicroTime as client-node's V1MicroTime writes it: RFC 3339 with six fraction digits ("...T12:00:00.123000Z"). */
export function formatMicroTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, -1)}000Z`;
}

function parseTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const t = new Date(text).getTime();
  return Number.isNaN(t) ? undefined : t;
}

export function createLeaseStore(config: LiteKubeConfig, namespace: string, name: string): LeaseStore {
  const collection = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  const item = `${collection}/${encodeURIComponent(name)}`;
  const toRecord = (l: LeaseObject): LeaseRecord => ({
    holderIdentity: l.spec?.holderIdentity ?? '',
    leaseDurationSeconds: l.spec?.leaseDurationSeconds ?? 0,
    acquireTime: parseTime(l.spec?.acquireTime),
    renewTime: parseTime(l.spec?.renewTime),
    leaseTransitions: l.spec?.leaseTransitions ?? 0,
    resourceVersion: l.metadata?.resourceVersion ?? '',
  });
  const toBody = (r: LeaseWrite, resourceVersion?: string): unknown => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, ...(resourceVersion ? { resourceVersion } : {}) },
    spec: {
      holderIdentity: r.holderIdentity,
      leaseDurationSeconds: r.leaseDurationSeconds,
      ...(r.acquireTime !== undefined ? { acquireTime: formatMicroTime(r.acquireTime) } : {}),
      ...(r.renewTime !== undefined ? { renewTime: formatMicroTime(r.renewTime) } : {}),
      leaseTransitions: r.leaseTransitions,
    },
  });
  const codeOf = (err: unknown): number | undefined => (err instanceof KubeApiError ? err.code : undefined);
  return {
    description: `Lease ${namespace}/${name}`,
    async get() {
      try {
        return toRecord(await kubeRequest<LeaseObject>(config, { path: item }));
      } catch (err) {
        if (codeOf(err) === 404) return null;
        throw err;
      }
    },
    async create(r) {
      try {
        return toRecord(await kubeRequest<LeaseObject>(config, { method: 'POST', path: collection, body: toBody(r) }));
      } catch (err) {
        if (codeOf(err) === 409) return 'conflict';
        throw err;
      }
    },
    async update(r, resourceVersion) {
      try {
        return toRecord(
          await kubeRequest<LeaseObject>(config, { method: 'PUT', path: item, body: toBody(r, resourceVersion) }),
        );
      } catch (err) {
        if (codeOf(err) === 409) return 'conflict';
        throw err;
      }
    },
  };
}
