// --kubernetes-service in the upstream health list (/readyz, upstream_up):
// one name ("media/jellyfin") wherever the pod is; "no ready endpoint" is a
// reason like any other.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KubernetesServiceSource, parseServiceRef } from '../../../src/bridge/sources/kubernetes/kubernetes-source.js';
import { UpstreamHealth } from '../../../src/bridge/sources/upstream-health.js';
import { FakeKubeApi, type FakeObject } from '../../helpers/fake-kube-api.js';
import { liteKubeConfig } from '../../helpers/lite-kube.js';
import { waitFor } from '../../helpers/topology.js';

const ID = 'cccccccccccccccccccccccccccccccc';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function fakeJellyfin(): Promise<number> {
  const server = http.createServer((req, res) => {
    if (req.url === '/System/Info/Public') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Id: ID, ServerName: 'Jellyfin', Version: '10.11.0' }));
    } else if (req.url === `/dlna/${ID}/description.xml`) {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>' +
          `<device><deviceType>urn:schemas-upnp-org:device:MediaServer:1</deviceType><friendlyName>Jellyfin</friendlyName><UDN>uuid:${ID}</UDN></device></root>`,
      );
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

function slice(port: number, ready: boolean): FakeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'jellyfin-abc', namespace: 'media', labels: { 'kubernetes.io/service-name': 'jellyfin' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port, protocol: 'TCP' }],
    endpoints: [
      {
        addresses: ['127.0.0.1'],
        conditions: { ready },
        nodeName: 'node-a',
        targetRef: { kind: 'Pod', name: 'jellyfin-0' },
      },
    ],
  };
}

describe('--kubernetes-service in the upstream health list', () => {
  it('no ready endpoint: down with that reason; a ready pod: up, under the one name NS/NAME', async () => {
    const api = await new FakeKubeApi().start();
    cleanups.push(() => api.stop());
    const port = await fakeJellyfin();
    api.upsert(slice(port, false));
    const health = new UpstreamHealth();
    const source = new KubernetesServiceSource(liteKubeConfig(api), parseServiceRef('media/jellyfin'), {
      pollIntervalMs: 60_000,
      timeoutMs: 2000,
      health,
    });
    cleanups.push(() => source.stop());
    await source.start(() => {});
    await waitFor('down: no ready endpoint', () => (health.list()[0]?.state === 'down' ? true : undefined), 5_000, 20);
    expect(health.list()).toEqual([
      expect.objectContaining({
        name: 'media/jellyfin',
        state: 'down',
        lastError: expect.objectContaining({
          kind: 'no_endpoint',
          reason: 'Service media/jellyfin has no ready endpoint',
        }),
      }),
    ]);
    api.upsert(slice(port, true));
    await waitFor('up', () => (health.list()[0]?.state === 'up' ? true : undefined), 5_000, 20);
    expect(health.list().map((u) => u.name)).toEqual(['media/jellyfin']);
  });
});
