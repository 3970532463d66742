// Which sources the daemon runs, from its settings: one polling source per
// --upstream, one pod-side SSDP source per --cluster-interface, and the one
// that follows the pod behind --kubernetes-service (made by the caller, which
// loads the Kubernetes client only when that flag is given: see bridge.ts).
import type { Source } from '../sources/source.js';
import { WhenInterfaceExists } from '../sources/when-interface-exists.js';
import { ClusterSsdpSource } from '../sources/cluster-ssdp/source.js';
import { createUpstreamSource } from '../sources/upstream-url.js';
import type { Logger } from '../../util/logger.js';
import type { UpstreamHealth } from '../sources/upstream-health.js';
import type { DaemonConfig } from './config.js';

export function createSources(
  config: DaemonConfig,
  logger: Logger,
  kubernetesSource?: Source,
  health?: UpstreamHealth,
): Source[] {
  const sources: Source[] = config.upstreams.map((url) =>
    createUpstreamSource(url, { logger, intervalMs: config.pollIntervalS * 1000, ...(health ? { health } : {}) }),
  );
  for (const name of config.clusterInterfaces) {
    sources.push(
      new WhenInterfaceExists(name, logger, (iface) => new ClusterSsdpSource({ iface, ttl: config.ttl, logger })),
    );
  }
  if (kubernetesSource) sources.push(kubernetesSource);
  return sources;
}
