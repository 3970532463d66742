import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Counter } from 'prom-client';
import { AdminServer, evaluateReadiness } from '../../../src/bridge/admin/admin-server.js';
import { Catalog } from '../../../src/bridge/catalog/catalog.js';
import { createBridgeMetrics } from '../../../src/bridge/metrics/metrics.js';
import { minidlnaDescription } from '../../fixtures/upstreams/minidlna-like.js';
import { request } from '../proxy/harness.js';
import { parseCidr } from '../../../src/net/cidr.js';
import { UpstreamHealth } from '../../../src/bridge/sources/upstream-health.js';

const metrics = createBridgeMetrics();
const catalog = new Catalog({ metrics });
let announced = false;
const admin = new AdminServer({
  registry: metrics.registry,
  readiness: [
    { name: 'upstreams', check: () => catalog.readiness() },
    {
      name: 'announced',
      check: () => ({ ready: announced, reason: announced ? 'announced' : 'not announced on the LAN yet' }),
    },
  ],
});
let base: string;
const location = new URL('http://10.42.0.5:8200/rootDesc.xml');

beforeAll(async () => {
  const { port } = await admin.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => admin.close());

describe('admin server', () => {
  it('/healthz is 200 while the process runs', async () => {
    const res = await request(`${base}/healthz`);
    expect(res.status).toBe(200);
  });

  it('/readyz is 503 with a JSON reason until an upstream is up AND announced, then 200', async () => {
    let res = await request(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text)).toMatchObject({ ready: false, reason: 'upstreams: no upstream media server is up' });
    catalog.apply({
      kind: 'up',
      source: 's',
      location,
      descriptionText: minidlnaDescription('http://10.42.0.5:8200', 'uuid:abc', 'x'),
    });
    res = await request(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.text).reason).toBe('announced: not announced on the LAN yet');
    announced = true;
    res = await request(`${base}/readyz`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ ready: true, reason: 'ok' });
    catalog.apply({ kind: 'down', source: 's', location, reason: 'gone' });
    expect((await request(`${base}/readyz`)).status).toBe(503);
  });

  it('/metrics serves Prometheus text with the bridge metrics and whatever other parts register', async () => {
    const c = new Counter({
      name: 'dlna_bridge_ssdp_test_total',
      help: 'registered by another part',
      registers: [metrics.registry],
    });
    c.inc(3);
    const res = await request(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      'dlna_bridge_upstreams_up',
      'dlna_bridge_proxy_requests_total',
      'dlna_bridge_proxy_bytes_total',
      'dlna_bridge_rewrites_total',
    ]) {
      expect(res.text).toContain(`# TYPE ${name}`);
    }
    expect(res.text).toContain('dlna_bridge_ssdp_test_total 3');
  });

  it('other paths are 404, other methods 405', async () => {
    expect((await request(`${base}/`)).status).toBe(404);
    expect((await request(`${base}/healthz`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it('a throwing readiness check counts as not ready', () => {
    const body = evaluateReadiness([
      {
        name: 'x',
        check: () => {
          throw new Error('boom');
        },
      },
    ]);
    expect(body).toMatchObject({ ready: false, reason: 'x: check failed: boom' });
  });
});

describe('admin server: who may ask, and /readyz names each upstream', () => {
  it('a source outside --admin-allow gets 403 on every path; one inside is served', async () => {
    const m = createBridgeMetrics();
    const closed = new AdminServer({ registry: m.registry, readiness: [], allow: [parseCidr('10.42.0.0/16')] });
    const open = new AdminServer({ registry: m.registry, readiness: [], allow: [parseCidr('127.0.0.0/8')] });
    const a = await closed.listen(0, '127.0.0.1');
    const b = await open.listen(0, '127.0.0.1');
    try {
      for (const path of ['/healthz', '/readyz', '/metrics']) {
        const res = await request(`http://127.0.0.1:${a.port}${path}`);
        expect(res.status).toBe(403);
        expect(res.text).toBe('Forbidden: 127.0.0.1 is not in --admin-allow\n');
      }
      expect((await request(`http://127.0.0.1:${b.port}/healthz`)).status).toBe(200);
    } finally {
      await closed.close();
      await open.close();
    }
  });

  it('/readyz lists every upstream with its state and last error', async () => {
    const m = createBridgeMetrics();
    const health = new UpstreamHealth({ gauge: m.upstreamUp });
    health.failed('jellyfin.media.svc:8096', {
      kind: 'dns',
      reason: 'name does not resolve: getaddrinfo EAI_AGAIN jellyfin.media.svc',
    });
    health.up('10.42.0.5:8200/rootDesc.xml');
    const server = new AdminServer({
      registry: m.registry,
      readiness: [{ name: 'upstreams', check: () => ({ ready: true, reason: '1 upstream(s) up' }) }],
      upstreams: () => health.list(),
    });
    const { port } = await server.listen(0, '127.0.0.1');
    try {
      const body = JSON.parse((await request(`http://127.0.0.1:${port}/readyz`)).text);
      expect(body.upstreams).toEqual([
        {
          name: 'jellyfin.media.svc:8096',
          state: 'down',
          since: expect.any(String),
          lastError: {
            kind: 'dns',
            reason: 'name does not resolve: getaddrinfo EAI_AGAIN jellyfin.media.svc',
            at: expect.any(String),
          },
        },
        { name: '10.42.0.5:8200/rootDesc.xml', state: 'up', since: expect.any(String) },
      ]);
    } finally {
      await server.close();
    }
  });
});
