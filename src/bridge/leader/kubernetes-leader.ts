// The wiring `serve --advertise leader` needs, in one call: the Lease the
// DaemonSet's Role allows (media/dlna-bridge: get/update by that name only),
// the pod name as identity (downward API env POD_NAME), the namespace from
// POD_NAMESPACE. The caller starts announcing in onStartedLeading and sends
// byebye in onStoppedLeading; on shutdown it awaits elector.stop().
import { hostname } from 'node:os';
import type { LiteKubeConfig } from '../../k8s/config.js';
import { createLeaseStore } from '../../k8s/lease-store.js';
import { LeaderElector, type LeaderCallbacks, type LeaderElectionOptions } from './leader-elector.js';

/** Must match resourceNames in deploy/base/dlna-bridge.yaml's Role. */
export const LEASE_NAME = 'dlna-bridge';

export interface KubernetesLeaderOptions
  extends
    LeaderCallbacks,
    Partial<
      Pick<
        LeaderElectionOptions,
        'leaseDurationSeconds' | 'renewIntervalMs' | 'renewDeadlineMs' | 'retryIntervalMs' | 'logger' | 'clock'
      >
    > {
  namespace?: string;
  identity?: string;
  env?: NodeJS.ProcessEnv;
}

export function createKubernetesLeaderElector(kc: LiteKubeConfig, options: KubernetesLeaderOptions): LeaderElector {
  const env = options.env ?? process.env;
  const namespace = options.namespace ?? env['POD_NAMESPACE'] ?? 'media';
  const identity = options.identity ?? env['POD_NAME'] ?? hostname();
  return new LeaderElector({ ...options, identity, store: createLeaseStore(kc, namespace, LEASE_NAME) });
}
