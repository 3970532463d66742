import { describe, expect, it } from 'vitest';
import { createBridgeMetrics } from '../../../src/bridge/metrics/metrics.js';
import { registerSsdpMetrics } from '../../../src/bridge/ssdp/metrics.js';
import { createSsdpCounters } from '../../../src/bridge/ssdp/counters.js';
import { UpstreamHealth } from '../../../src/bridge/sources/upstream-health.js';
import { lagSeconds } from '../../../src/bridge/metrics/event-loop-lag.js';
import { conventionBreaches, parseExposition, PROM_CLIENT_EXEMPT } from './prom-conventions.js';

/** The registry as the daemon builds it, with every labelled metric given a value. */
async function daemonLikeExposition(): Promise<string> {
  const metrics = createBridgeMetrics({ processMetrics: true });
  registerSsdpMetrics(metrics.registry, createSsdpCounters());
  const health = new UpstreamHealth({ gauge: metrics.upstreamUp });
  health.register('jellyfin.media.svc:8096');
  health.up('jellyfin.media.svc:8096');
  health.failed('10.42.0.5:8200/rootDesc.xml', { kind: 'refused', reason: 'connection refused' });
  metrics.proxy.requests.inc({ method: 'GET', code: '200' });
  metrics.proxy.duration.observe({ method: 'GET', code: '200' }, 0.012);
  metrics.proxyBytes.inc({ direction: 'downstream' }, 10);
  metrics.rewrites.inc({ kind: 'description' });
  metrics.genaRefused.inc({ reason: 'foreign_callback' });
  metrics.catalogRejected.inc({ reason: 'bad_description' });
  return metrics.registry.metrics();
}

describe('/metrics follows the Prometheus naming conventions', () => {
  it('snake_case, _total counters, base units, help on every metric, bounded secret-free labels', async () => {
    const text = await daemonLikeExposition();
    expect(conventionBreaches(text, { exempt: PROM_CLIENT_EXEMPT })).toEqual([]);
    // Ours without exception.
    const ours = text
      .split('\n')
      .filter((l) => /^(# (HELP|TYPE) )?(dlna_bridge_|nodejs_eventloop_lag_)/.test(l))
      .join('\n');
    expect(ours).toContain('dlna_bridge_upstream_up');
    expect(conventionBreaches(ours)).toEqual([]);
  });

  it('has the families the README lists, with the labels it names', async () => {
    const families = parseExposition(await daemonLikeExposition());
    const labelsOf = (name: string): string[] =>
      [...new Set(families.get(name)?.samples.flatMap((s) => Object.keys(s.labels)) ?? [])].sort();
    expect(families.get('dlna_bridge_upstream_up')?.type).toBe('gauge');
    expect(families.get('dlna_bridge_upstream_up')?.samples.map((s) => [s.labels['upstream'], s.value])).toEqual([
      ['jellyfin.media.svc:8096', 1],
      ['10.42.0.5:8200/rootDesc.xml', 0],
    ]);
    expect(families.get('dlna_bridge_build_info')?.samples).toEqual([
      {
        name: 'dlna_bridge_build_info',
        labels: { version: expect.stringMatching(/^\d+\.\d+\.\d+/), node_version: process.versions.node },
        value: 1,
      },
    ]);
    expect(families.get('dlna_bridge_leader')?.type).toBe('gauge');
    expect(families.get('dlna_bridge_proxy_requests_total')?.type).toBe('counter');
    expect(labelsOf('dlna_bridge_proxy_requests_total')).toEqual(['code', 'method']);
    expect(families.get('dlna_bridge_proxy_request_duration_seconds')?.type).toBe('histogram');
    expect(labelsOf('dlna_bridge_proxy_request_duration_seconds')).toEqual(['code', 'le', 'method']);
    for (const stat of ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99']) {
      expect(families.get(`nodejs_eventloop_lag_${stat}_seconds`)?.samples).toHaveLength(1);
    }
  });

  it('the checker itself catches each breach', () => {
    const bad = [
      '# HELP BadName x',
      '# TYPE BadName gauge',
      'BadName 1',
      '# HELP requests_seen Requests seen so far',
      '# TYPE requests_seen counter',
      'requests_seen 1',
      '# HELP latency_ms Latency of things',
      '# TYPE latency_ms gauge',
      'latency_ms{url="http://u:p@h/?api_key=k"} 1',
      '# TYPE nohelp_total counter',
      'nohelp_total 1',
    ].join('\n');
    expect(conventionBreaches(bad)).toEqual([
      'BadName: not snake_case',
      'BadName: no help text',
      'requests_seen: a counter must end in _total',
      'latency_ms: use base units (_seconds, _bytes)',
      'latency_ms: label url may carry an address or a secret',
      'latency_ms: label url="http://u:p@h/?api_key=k" looks like a URL',
      'nohelp_total: no help text',
    ]);
  });
});

describe('event-loop lag: the timer resolution is taken off', () => {
  it('an idle loop (samples at the resolution) reads 0; a stall reads the stall', () => {
    expect(lagSeconds(99.4e6, 100)).toBe(0);
    expect(lagSeconds(100.3e6, 100)).toBeCloseTo(0.0003, 6);
    expect(lagSeconds(350e6, 100)).toBeCloseTo(0.25, 6);
    expect(lagSeconds(NaN, 100)).toBe(0);
  });

  it('an idle process reads p50 well under the 0.1 s the raw monitor showed', async () => {
    const metrics = createBridgeMetrics({ processMetrics: true });
    await new Promise((r) => setTimeout(r, 450));
    const p50 = parseExposition(await metrics.registry.metrics()).get('nodejs_eventloop_lag_p50_seconds')!.samples[0]!
      .value;
    expect(p50).toBeGreaterThanOrEqual(0);
    expect(p50).toBeLessThan(0.02);
  });
});
