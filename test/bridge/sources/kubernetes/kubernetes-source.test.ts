// The Kubernetes source against the fake API server and two fake Jellyfin
// servers on 127.0.0.1 (two "pods"): following the pod when it moves.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SourceEvent } from '../../../../src/bridge/catalog/types.js';
import {
  KubernetesServiceSource,
  parseServiceRef,
} from '../../../../src/bridge/sources/kubernetes/kubernetes-source.js';
import { FakeKubeApi, type FakeObject } from '../../../helpers/fake-kube-api.js';
import { liteKubeConfig } from '../../../helpers/lite-kube.js';

function fakeJellyfin(id: string): Promise<http.Server & { port: number }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/System/Info/Public') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Id: id, ServerName: `Jellyfin ${id.slice(0, 4)}`, Version: '10.11.0' }));
    } else if (req.url === `/dlna/${id}/description.xml`) {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>` +
          `<device><deviceType>urn:schemas-upnp-org:device:MediaServer:1</deviceType><friendlyName>Jellyfin</friendlyName><UDN>uuid:${id}</UDN></device></root>`,
      );
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(Object.assign(server, { port: (server.address() as AddressInfo).port })),
    ),
  );
}

function slice(name: string, port: number, endpoints: { ready: boolean; node: string }[]): FakeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'media', labels: { 'kubernetes.io/service-name': 'jellyfin' } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port, protocol: 'TCP' }],
    endpoints: endpoints.map((e) => ({
      addresses: ['127.0.0.1'],
      conditions: { ready: e.ready },
      nodeName: e.node,
      targetRef: { kind: 'Pod', name: `jellyfin-${e.node}` },
    })),
  };
}

let api: FakeKubeApi;
let podA: http.Server & { port: number };
let podB: http.Server & { port: number };
let source: KubernetesServiceSource | undefined;
const events: (SourceEvent & { at: number })[] = [];
beforeEach(async () => {
  api = await new FakeKubeApi().start();
  podA = await fakeJellyfin('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  podB = await fakeJellyfin('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
  events.length = 0;
});
afterEach(async () => {
  await source?.stop();
  source = undefined;
  await api.stop();
  podA.close();
  podB.close();
});

const until = async (cond: () => boolean, ms = 6000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end)
      throw new Error(
        `condition not met; events: ${JSON.stringify(events.map((e) => `${e.kind} ${e.location.href}`))}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
};

async function startSource(): Promise<KubernetesServiceSource> {
  source = new KubernetesServiceSource(liteKubeConfig(api), parseServiceRef('media/jellyfin'), {
    pollIntervalMs: 60_000,
    timeoutMs: 2000,
  });
  await source.start((e) => events.push({ ...e, at: Date.now() }));
  return source;
}

describe("--kubernetes-service: follows the Service's pod through EndpointSlices", () => {
  it('starts on the ready endpoint and reports its description', async () => {
    api.upsert(slice('jellyfin-abc', podA.port, [{ ready: true, node: 'node-a' }]));
    await startSource();
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ kind: 'up', source: 'kubernetes media/jellyfin' });
    expect(events[0]!.location.href).toBe(
      `http://127.0.0.1:${podA.port}/dlna/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/description.xml`,
    );
    expect(events[0]!.kind === 'up' && events[0]!.descriptionText).toContain('uuid:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  });

  it('the pod moves to another node: down for the old address, up with the new one, within 5 s', async () => {
    api.upsert(slice('jellyfin-abc', podA.port, [{ ready: true, node: 'node-a' }]));
    await startSource();
    await until(() => events.length === 1);
    const movedAt = Date.now();
    api.upsert(slice('jellyfin-abc', podB.port, [{ ready: true, node: 'node-b' }]));
    await until(() => events.length === 3);
    expect(events[1]).toMatchObject({ kind: 'down', reason: `pod moved to 127.0.0.1:${podB.port} on node-b` });
    expect(events[1]!.location.port).toBe(String(podA.port));
    expect(events[2]).toMatchObject({ kind: 'up' });
    expect(events[2]!.location.port).toBe(String(podB.port));
    expect(events[2]!.at - movedAt).toBeLessThan(5000);
    expect(source!.endpoint).toMatchObject({ port: podB.port, node: 'node-b', pod: 'jellyfin-node-b' });
  });

  it('no ready endpoint (pod restarting): down; ready again: up', async () => {
    api.upsert(slice('jellyfin-abc', podA.port, [{ ready: true, node: 'node-a' }]));
    await startSource();
    await until(() => events.length === 1);
    api.upsert(slice('jellyfin-abc', podA.port, [{ ready: false, node: 'node-a' }]));
    await until(() => events.length === 2);
    expect(events[1]).toMatchObject({ kind: 'down', reason: 'no ready endpoint' });
    api.upsert(slice('jellyfin-abc', podA.port, [{ ready: true, node: 'node-a' }]));
    await until(() => events.length === 3);
    expect(events[2]!.kind).toBe('up');
  });

  it('the watch survives the API server ending it, and history compaction (410 Gone -> relist)', async () => {
    api.upsert(slice('jellyfin-abc', podA.port, [{ ready: true, node: 'node-a' }]));
    await startSource();
    await until(() => events.length === 1);
    api.dropWatches();
    await until(() => api.openWatches() === 1);
    api.compact();
    api.dropWatches();
    await new Promise((r) => setTimeout(r, 200));
    api.upsert(slice('jellyfin-abc', podB.port, [{ ready: true, node: 'node-b' }]));
    await until(() => events.length === 3);
    expect(events[2]!.location.port).toBe(String(podB.port));
  });

  it('an API server that is down at start: retried until the list works', async () => {
    api.upsert(slice('jellyfin-abc', podA.port, [{ ready: true, node: 'node-a' }]));
    api.failNext('GET', /endpointslices$/, 503, 2);
    await startSource();
    await until(() => events.length === 1, 8000);
    expect(events[0]!.kind).toBe('up');
  });

  it('refuses a malformed --kubernetes-service', () => {
    expect(() => parseServiceRef('jellyfin')).toThrow(/NAMESPACE\/NAME/);
    expect(() => parseServiceRef('media/Jelly_fin')).toThrow(/NAMESPACE\/NAME/);
    expect(parseServiceRef('media/jellyfin')).toEqual({ namespace: 'media', name: 'jellyfin' });
  });
});
