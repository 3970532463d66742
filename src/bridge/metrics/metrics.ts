// One prom-client registry for the whole daemon, served by the admin server's
// /metrics. Each part of the bridge registers its own instruments into it:
// the catalog, proxy and sources use the ones below; the SSDP engine, the
// advertiser and `serve` add theirs with `registers: [metrics.registry]`.
// Names follow Prometheus conventions (test/bridge/admin/metrics-conventions.test.ts):
// snake_case with the dlna_bridge_ prefix, _total counters, base units in the
// name (_seconds, _bytes), help on every metric, and labels with few values
// that never carry a secret (an upstream is a host[:port][/path] name, never
// its URL with userinfo or query).
import { createRequire } from 'node:module';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { EVENT_LOOP_LAG_STATS, registerEventLoopLag } from './event-loop-lag.js';
import { createProxyRequestMetrics, type ProxyRequestMetrics } from './proxy-metrics.js';

export interface BridgeMetrics {
  registry: Registry;
  /** Upstreams currently in the catalog (reported up, description parsed). */
  upstreamsUp: Gauge;
  /** Per upstream the bridge looks at (--upstream, --kubernetes-service): 1 when its last look found it usable. */
  upstreamUp: Gauge<'upstream'>;
  /** 1 while this replica announces as the Lease holder (always 1 with --advertise all: every replica announces). */
  leader: Gauge;
  /** Source reports the catalog refused: bad description, too many upstreams. */
  catalogRejected: Counter<'reason'>;
  /** Proxy requests by method and status code, and their durations. */
  proxy: ProxyRequestMetrics;
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

const require = createRequire(import.meta.url);
export const BRIDGE_VERSION = (require('../../../package.json') as { version: string }).version;

/**
 * prom-client's own event-loop monitor: its numbers include the timer's
 * resolution (event-loop-lag.ts). An hour between wake-ups makes it cost
 * nothing; its gauges are replaced by ours.
 */
const IDLE_DEFAULT_MONITOR_MS = 3_600_000;

export function createBridgeMetrics(options: MetricsOptions = {}): BridgeMetrics {
  const registry = new Registry();
  if (options.processMetrics) {
    collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: IDLE_DEFAULT_MONITOR_MS });
    for (const stat of EVENT_LOOP_LAG_STATS) registry.removeSingleMetric(`nodejs_eventloop_lag_${stat}_seconds`);
    registerEventLoopLag(registry);
  }
  const registers = [registry];
  const buildInfo = new Gauge({
    name: 'dlna_bridge_build_info',
    help: 'Always 1; the labels say which dlna-bridge and which Node.js run',
    labelNames: ['version', 'node_version'],
    registers,
  });
  buildInfo.set({ version: BRIDGE_VERSION, node_version: process.versions.node }, 1);
  const leader = new Gauge({
    name: 'dlna_bridge_leader',
    help: 'Whether this replica announces on the LAN as leader: 1 while it holds the Lease (--advertise leader), always 1 with --advertise all',
    registers,
  });
  leader.set(1);
  return {
    registry,
    upstreamsUp: new Gauge({
      name: 'dlna_bridge_upstreams_up',
      help: 'Upstream media servers currently bridged',
      registers,
    }),
    upstreamUp: new Gauge({
      name: 'dlna_bridge_upstream_up',
      help: 'Whether the last look at an upstream (--upstream, --kubernetes-service) found it usable, 1 or 0, by upstream name',
      labelNames: ['upstream'],
      registers,
    }),
    leader,
    catalogRejected: new Counter({
      name: 'dlna_bridge_catalog_rejected_total',
      help: 'Upstream reports refused by the catalog, by reason',
      labelNames: ['reason'],
      registers,
    }),
    proxy: createProxyRequestMetrics(registry),
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
