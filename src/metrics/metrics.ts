// One prom-client registry for the whole daemon, served by the admin server's
// /metrics. Each part of the bridge registers its own instruments into it:
// the catalog, proxy and sources use the ones below; the SSDP engine, the
// advertiser and `serve` add theirs with `registers: [metrics.registry]`.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

export interface BridgeMetrics {
  registry: Registry;
  /** Upstreams currently in the catalog (reported up, description parsed). */
  upstreamsUp: Gauge;
  /** Source reports the catalog refused: bad description, too many upstreams. */
  catalogRejected: Counter<'reason'>;
  /** Proxy responses by status code (including the proxy's own 403/404/502). */
  proxyRequests: Counter<'status'>;
  /** Body bytes the proxy moved: "downstream" to clients, "upstream" to servers. */
  proxyBytes: Counter<'direction'>;
  /** Rewritten bodies and headers by kind; "skipped_*" when a body had to pass unrewritten. */
  rewrites: Counter<'kind'>;
  /** GENA SUBSCRIBEs refused (CallStranger rule, malformed CALLBACK). */
  genaRefused: Counter<'reason'>;
}

export interface MetricsOptions {
  /** Process metrics (RSS, CPU, event loop lag, ...): on in the daemon, off in tests. */
  processMetrics?: boolean;
}

export function createBridgeMetrics(options: MetricsOptions = {}): BridgeMetrics {
  const registry = new Registry();
  // The event-loop-lag monitor samples every 10 ms by default: 8 ms of CPU per
  // second for an idle daemon. 100 ms still shows a stalled loop.
  if (options.processMetrics) collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 100 });
  const registers = [registry];
  return {
    registry,
    upstreamsUp: new Gauge({ name: 'dlna_bridge_upstreams_up', help: 'Upstream media servers currently bridged', registers }),
    catalogRejected: new Counter({
      name: 'dlna_bridge_catalog_rejected_total',
      help: 'Upstream reports refused by the catalog, by reason',
      labelNames: ['reason'],
      registers,
    }),
    proxyRequests: new Counter({
      name: 'dlna_bridge_proxy_requests_total',
      help: 'HTTP proxy responses by status code',
      labelNames: ['status'],
      registers,
    }),
    proxyBytes: new Counter({
      name: 'dlna_bridge_proxy_bytes_total',
      help: 'Body bytes moved by the HTTP proxy, by direction',
      labelNames: ['direction'],
      registers,
    }),
    rewrites: new Counter({
      name: 'dlna_bridge_rewrites_total',
      help: 'Bodies and headers rewritten by the proxy, by kind',
      labelNames: ['kind'],
      registers,
    }),
    genaRefused: new Counter({
      name: 'dlna_bridge_gena_refused_total',
      help: 'GENA SUBSCRIBE requests refused, by reason',
      labelNames: ['reason'],
      registers,
    }),
  };
}
