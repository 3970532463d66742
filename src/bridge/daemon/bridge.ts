// The daemon's composition, in the order data flows:
//   sources (--upstream, --cluster-interface, --kubernetes-service) -> catalog
//   catalog -> LAN advertiser (SSDP engine on the LAN interface)
//   catalog -> HTTP proxy on the advertise address
//   everything -> admin server (/healthz, /readyz, /metrics)
// Starting and stopping in the right order is this file's only job: stop
// says byebye on the wire before it closes anything.
//
// Everything Kubernetes is imported only when --kubernetes-service asks for
// it, and then it is the daemon's own small client (src/k8s/), never
// @kubernetes/client-node: that alone costs ~75-80 MiB of RSS, more than the
// whole idle budget of a bridge (issue 3: <= 60 MiB).
import type { AddressInfo } from 'node:net';
import type { LiteKubeConfig } from '../../k8s/config.js';
import type { LeaderElector } from '../leader/leader-elector.js';
import type { Source } from '../sources/source.js';
import { Catalog } from '../catalog/catalog.js';
import { createBridgeMetrics, type BridgeMetrics } from '../metrics/metrics.js';
import { allIpv4Addresses } from '../../net/interfaces.js';
import { ProxyServer } from '../proxy/proxy-server.js';
import { AdminServer, type ReadinessCheck } from '../admin/admin-server.js';
import { SsdpEngine } from '../ssdp/engine.js';
import { registerSsdpMetrics } from '../ssdp/metrics.js';
import type { Logger } from '../../util/logger.js';
import type { DaemonConfig } from './config.js';
import { LanAdvertiser } from '../advertiser/advertiser.js';
import { createSources } from './sources.js';
import { UpstreamHealth } from '../sources/upstream-health.js';
import { DlnaBridgeError } from '../../util/errors.js';

export interface Bridge {
  catalog: Catalog;
  metrics: BridgeMetrics;
  proxyAddress: AddressInfo;
  adminAddress?: AddressInfo;
  /** Byebye for every upstream, then stop sources and close the servers. Safe to call twice. */
  stop(reason: string): Promise<void>;
}

/** A port or interface the bridge cannot use, or a cluster client it cannot set up: nothing the daemon can retry. */
export class StartupError extends DlnaBridgeError {
  readonly code = 'BRIDGE_STARTUP_FAILED';
  override readonly kind = 'environment';
}

export async function startBridge(config: DaemonConfig, logger: Logger): Promise<Bridge> {
  const metrics = createBridgeMetrics({ processMetrics: true });
  const catalog = new Catalog({ logger, metrics });
  const health = new UpstreamHealth({ logger, gauge: metrics.upstreamUp });
  const allow = [...config.lan.subnets, ...config.allowSubnets];

  const engine = new SsdpEngine({
    interfaces: [{ name: config.lan.name, address: config.advertiseAddress, subnets: config.lan.subnets }],
    allowSubnets: config.allowSubnets,
    ttl: config.ttl,
    maxAge: config.maxAgeS,
    ...(config.aliveIntervalS !== undefined ? { aliveIntervalMs: config.aliveIntervalS * 1000 } : {}),
    ownAddresses: allIpv4Addresses(),
    logger: logger.child({ component: 'ssdp' }),
  });
  registerSsdpMetrics(metrics.registry, engine.counters);
  const proxy = new ProxyServer({ catalog, allow, logger, metrics });
  const advertiser = new LanAdvertiser({
    catalog,
    engine,
    advertiseAddress: config.advertiseAddress,
    httpPort: config.httpPort,
    logger,
  });
  let kube: LiteKubeConfig | undefined;
  let kubernetesSource: Source | undefined;
  if (config.kubernetesService) {
    const { loadLiteKubeConfig, LiteKubeConfigError } = await import('../../k8s/config.js');
    const { KubernetesServiceSource } = await import('../sources/kubernetes/kubernetes-source.js');
    try {
      kube = loadLiteKubeConfig();
    } catch (err) {
      throw err instanceof LiteKubeConfigError ? new StartupError(err.message) : err;
    }
    kubernetesSource = new KubernetesServiceSource(kube, config.kubernetesService, {
      logger,
      pollIntervalMs: config.pollIntervalS * 1000,
      health,
    });
  }
  const sources = createSources(config, logger, kubernetesSource, health);
  const leader =
    config.advertise === 'leader' && kube && config.kubernetesService
      ? await leaderElection(config, kube, engine, advertiser, logger, metrics)
      : undefined;
  // A standby announces nothing; the gauge follows the Lease (always 1 with --advertise all).
  if (leader) metrics.leader.set(0);

  // The proxy first: LOCATION must answer by the time a TV hears the first NOTIFY.
  let proxyAddress: AddressInfo;
  try {
    proxyAddress = await proxy.listen(config.httpPort, config.advertiseAddress);
  } catch (err) {
    throw new StartupError(
      `the HTTP proxy cannot listen on ${config.advertiseAddress}:${config.httpPort}: ${(err as Error).message}`,
    );
  }
  let admin: AdminServer | undefined;
  let adminAddress: AddressInfo | undefined;
  if (config.admin) {
    const readiness: ReadinessCheck[] = [
      {
        name: 'upstreams',
        check: () => {
          // Not ready: say why, with each upstream's own reason (the name does not resolve, ...).
          const r = catalog.readiness();
          const why = r.ready ? undefined : health.downReasons();
          return why ? { ready: false, reason: `${r.reason} (${why})` } : r;
        },
      },
      ...(leader
        ? [
            {
              name: 'leader',
              check: () => ({
                ready: true,
                reason: leader.isLeader
                  ? 'announcing (lease holder)'
                  : `standing by (leader: ${leader.leader ?? 'none yet'})`,
              }),
            },
          ]
        : []),
      {
        name: 'ssdp',
        check: () =>
          engine.listening
            ? { ready: true, reason: 'listening on the LAN' }
            : { ready: false, reason: `SSDP socket on ${config.lan.name} not bound` },
      },
    ];
    admin = new AdminServer({
      registry: metrics.registry,
      readiness,
      upstreams: () => health.list(),
      allow: config.admin.allow,
      logger,
    });
    try {
      adminAddress = await admin.listen(config.admin.port, config.admin.address);
      if (config.admin.allowFrom === 'node-subnets') {
        logger.info(
          { admin: `${config.admin.address}:${adminAddress.port}`, allow: config.admin.allow.map((c) => c.text) },
          "admin server open to this node's own subnets and loopback (no --admin-allow given); narrow it with --admin-allow CIDR",
        );
      }
    } catch (err) {
      await proxy.close(0);
      throw new StartupError(
        `the admin server cannot listen on ${config.admin.address}:${config.admin.port}: ${(err as Error).message}`,
      );
    }
  }
  await engine.start();
  // --advertise leader: only the Lease holder announces and answers; the others stand by.
  if (leader) leader.start();
  else advertiser.start();
  // A source that fails its first look is not fatal: the upstream may come up later.
  await Promise.all(
    sources.map((s) =>
      s
        .start((event) => catalog.apply(event))
        .catch((err: Error) => logger.warn({ source: s.name, err: err.message }, 'source failed to start; retrying')),
    ),
  );
  logger.info(
    {
      lan: config.lan.name,
      advertise: `${config.advertiseAddress}:${proxyAddress.port}`,
      admin: adminAddress ? `${adminAddress.address}:${adminAddress.port}` : 'off',
      ...(config.admin ? { adminAllow: config.admin.allow.map((c) => c.text) } : {}),
      sources: sources.map((s) => s.name),
      upstreams: catalog.entries().length,
    },
    'bridge started',
  );

  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'bridge stopping');
      advertiser.stop();
      // A leader releases the Lease (its byebye goes out first), so a standby takes over at once.
      await leader?.stop().catch((err: Error) => logger.warn({ err: err.message }, 'leader step-down failed'));
      // Byebye first: a TV that hears it drops the server at once instead of
      // waiting out max-age with a dead entry.
      await engine.stopAll().catch((err: Error) => logger.warn({ err: err.message }, 'byebye failed'));
      await Promise.allSettled(sources.map((s) => s.stop()));
      await Promise.allSettled([proxy.close(), admin?.close()]);
      logger.info('bridge stopped');
    })());

  return { catalog, metrics, proxyAddress, ...(adminAddress ? { adminAddress } : {}), stop };
}

/**
 * The Lease lives in the Service's namespace under the name "dlna-bridge"
 * (deploy/base/dlna-bridge.yaml grants exactly that); the identity is the pod name.
 * Renew every third of the lease and give up leading at two thirds, so a
 * leader that cannot renew stops announcing before anyone else may start.
 */
async function leaderElection(
  config: DaemonConfig,
  kube: LiteKubeConfig,
  engine: SsdpEngine,
  advertiser: LanAdvertiser,
  logger: Logger,
  metrics: BridgeMetrics,
): Promise<LeaderElector> {
  const { createKubernetesLeaderElector, LEASE_NAME } = await import('../leader/kubernetes-leader.js');
  const namespace = config.kubernetesService!.namespace;
  const leaseMs = config.leaseDurationS * 1000;
  return createKubernetesLeaderElector(kube, {
    namespace,
    leaseDurationSeconds: config.leaseDurationS,
    renewIntervalMs: Math.round(leaseMs / 3),
    renewDeadlineMs: Math.round((leaseMs * 2) / 3),
    retryIntervalMs: Math.min(2000, Math.round(leaseMs / 5)),
    logger: logger.child({ component: 'leader' }),
    onStartedLeading: () => {
      logger.info({ lease: `${namespace}/${LEASE_NAME}` }, 'leading: announcing on the LAN');
      metrics.leader.set(1);
      advertiser.start();
    },
    onStoppedLeading: (reason) => {
      logger.info({ reason }, 'no longer leading: byebye and standing by');
      metrics.leader.set(0);
      advertiser.stop();
      for (const ad of engine.advertisements()) void engine.withdraw(ad.udn);
    },
    onNewLeader: (identity) => logger.info({ leader: identity }, 'another replica leads'),
  });
}
