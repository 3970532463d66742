// The lite EndpointSlice watch against the fake API server (list, watch from
// the list's version, server closes, 410 Gone, failures) and against a
// scripted server for what the fake does not send (bookmarks, odd chunking).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchEndpointSlices, type EndpointSliceObject, type SliceWatch } from '../../src/k8s/endpoint-slice-watch.js';
import { parseKubeConfig } from '../../src/k8s/config.js';
import { FakeKubeApi, type FakeObject } from '../helpers/fake-kube-api.js';
import { liteKubeConfig } from '../helpers/lite-kube.js';

function slice(name: string, address: string, service = 'jellyfin'): FakeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: 'media', labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    ports: [{ name: 'http', port: 8096, protocol: 'TCP' }],
    endpoints: [{ addresses: [address], conditions: { ready: true } }],
  };
}

const addresses = (slices: readonly EndpointSliceObject[]): string[] =>
  slices.flatMap((s) => s.endpoints?.flatMap((e) => e.addresses ?? []) ?? []).sort();

let api: FakeKubeApi;
let watch: SliceWatch | undefined;
let seen: string[][];
let errors: string[];
beforeEach(async () => {
  api = await new FakeKubeApi().start();
  seen = [];
  errors = [];
});
afterEach(async () => {
  await watch?.stop();
  watch = undefined;
  await api.stop();
});

const until = async (cond: () => boolean, what: string, ms = 5000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end)
      throw new Error(`${what}: not met; seen ${JSON.stringify(seen)}, errors ${JSON.stringify(errors)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
/** A kubeconfig with no credentials for a plain-http server on 127.0.0.1. */
const plainHttp = (port: number) =>
  parseKubeConfig(
    `{"current-context":"c","contexts":[{"name":"c","context":{"cluster":"k"}}],"clusters":[{"name":"k","cluster":{"server":"http://127.0.0.1:${port}"}}]}`,
  );
const last = (): string[] | undefined => seen[seen.length - 1];

async function start(): Promise<void> {
  watch = await watchEndpointSlices(liteKubeConfig(api), {
    namespace: 'media',
    service: 'jellyfin',
    restartDelayMs: 50,
    maxRestartDelayMs: 200,
    onChange: (s) => seen.push(addresses(s)),
    onError: (e) => errors.push((e as Error).message),
  });
}

describe('lite EndpointSlice watch (list + watch, labelSelector kubernetes.io/service-name)', () => {
  it("lists the Service's slices only, then follows adds, changes and deletes", async () => {
    api.upsert(slice('jellyfin-a', '198.51.100.10'));
    api.upsert(slice('other-a', '198.51.100.99', 'other'));
    await start();
    expect(last()).toEqual(['198.51.100.10']);
    await until(() => api.openWatches() === 1, 'watch open');
    const watchReq = api.requests.find((r) => r.query['watch'] === 'true')!;
    expect(watchReq.query).toMatchObject({
      labelSelector: 'kubernetes.io/service-name=jellyfin',
      allowWatchBookmarks: 'true',
    });
    expect(Number(watchReq.query['resourceVersion'])).toBeGreaterThan(100);
    api.upsert(slice('jellyfin-b', '198.51.100.11'));
    await until(() => last()?.length === 2, 'add');
    api.upsert(slice('jellyfin-a', '198.51.100.12'));
    await until(() => last()?.join() === '198.51.100.11,198.51.100.12', 'modify');
    api.remove('discovery.k8s.io/v1', 'EndpointSlice', 'media', 'jellyfin-b');
    await until(() => last()?.join() === '198.51.100.12', 'delete');
    expect(errors).toEqual([]);
  });

  it('a watch the server closes resumes from the last resourceVersion: nothing missed, no relist', async () => {
    api.upsert(slice('jellyfin-a', '198.51.100.10'));
    await start();
    await until(() => api.openWatches() === 1, 'watch open');
    api.upsert(slice('jellyfin-a', '198.51.100.20'));
    await until(() => last()?.join() === '198.51.100.20', 'change');
    const rv = api.get('discovery.k8s.io/v1', 'EndpointSlice', 'media', 'jellyfin-a')!.metadata.resourceVersion;
    api.dropWatches();
    api.upsert(slice('jellyfin-a', '198.51.100.21')); // while no watch is open
    await until(() => last()?.join() === '198.51.100.21', 'change made while disconnected');
    const watches = api.requests.filter((r) => r.query['watch'] === 'true');
    expect(watches.length).toBeGreaterThanOrEqual(2);
    expect(watches[1]!.query['resourceVersion']).toBe(rv);
    expect(api.requests.filter((r) => r.method === 'GET' && r.query['watch'] !== 'true')).toHaveLength(1);
  });

  it('410 Gone (history compacted while disconnected) relists and carries on', async () => {
    api.upsert(slice('jellyfin-a', '198.51.100.10'));
    await start();
    await until(() => api.openWatches() === 1, 'watch open');
    api.dropWatches();
    api.remove('discovery.k8s.io/v1', 'EndpointSlice', 'media', 'jellyfin-a');
    api.upsert(slice('jellyfin-c', '198.51.100.30'));
    api.compact();
    await until(() => last()?.join() === '198.51.100.30', 'state after relist');
    expect(api.requests.filter((r) => r.method === 'GET' && r.query['watch'] !== 'true').length).toBeGreaterThanOrEqual(
      2,
    );
    await until(() => api.openWatches() === 1, 'watching again');
    api.upsert(slice('jellyfin-c', '198.51.100.31'));
    await until(() => last()?.join() === '198.51.100.31', 'events after relist');
  });

  it('a failing list (500, API server unreachable) is reported and retried with backoff; start does not throw', async () => {
    api.failNext('GET', /endpointslices$/, 500, 2);
    api.upsert(slice('jellyfin-a', '198.51.100.10'));
    await start();
    expect(errors[0]).toMatch(/HTTP 500: injected failure/);
    await until(() => last()?.join() === '198.51.100.10', 'list after retries');
    expect(errors).toHaveLength(2);
  });

  it('an API server that is gone entirely: errors, no crash, stop() ends the retries', async () => {
    const port = api.port;
    await api.stop();
    watch = await watchEndpointSlices(plainHttp(port), {
      namespace: 'media',
      service: 'jellyfin',
      restartDelayMs: 20,
      onChange: () => seen.push([]),
      onError: (e) => errors.push((e as Error).message),
    });
    await until(() => errors.length >= 3, 'retries');
    expect(errors[0]).toMatch(/ECONNREFUSED/);
    await watch.stop();
    const n = errors.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.length).toBe(n);
    expect(seen).toEqual([]);
    api = await new FakeKubeApi().start(); // for afterEach
  });
});

describe('lite EndpointSlice watch against a scripted API server', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    await watch?.stop();
    watch = undefined;
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r));
    server = undefined;
  });

  it("tolerates BOOKMARK events and events cut into odd chunks, and resumes from the bookmark's version", async () => {
    const watchVersions: (string | null)[] = [];
    const added = JSON.stringify({
      type: 'ADDED',
      object: { ...slice('jellyfin-a', '198.51.100.40'), metadata: { name: 'jellyfin-a', resourceVersion: '11' } },
    });
    const bookmark = JSON.stringify({
      type: 'BOOKMARK',
      object: { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', metadata: { resourceVersion: '15' } },
    });
    server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      res.writeHead(200, { 'content-type': 'application/json' });
      if (url.searchParams.get('watch') !== 'true')
        return res.end(JSON.stringify({ metadata: { resourceVersion: '10' }, items: [] }));
      watchVersions.push(url.searchParams.get('resourceVersion'));
      if (watchVersions.length > 1) return; // keep the second watch open
      // ADDED cut in three, the bookmark glued to its tail, then the server ends the watch.
      const bytes = Buffer.from(`${added}\n${bookmark}\n`);
      const cuts = [7, 40, added.length + 3];
      let at = 0;
      const next = (): void => {
        const end = cuts.shift() ?? bytes.length;
        res.write(bytes.subarray(at, end));
        at = end;
        if (at < bytes.length) setTimeout(next, 15);
        else setTimeout(() => res.end(), 15);
      };
      next();
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    watch = await watchEndpointSlices(plainHttp(port), {
      namespace: 'media',
      service: 'jellyfin',
      restartDelayMs: 20,
      onChange: (s) => seen.push(addresses(s)),
      onError: (e) => errors.push((e as Error).message),
    });
    await until(() => watchVersions.length === 2, 'second watch');
    expect(watchVersions).toEqual(['10', '15']);
    expect(seen).toEqual([[], ['198.51.100.40']]);
    expect(errors).toEqual([]);
  });

  it('a garbled watch line is an error: reconnect from the last good version, no crash', async () => {
    const watchVersions: (string | null)[] = [];
    server = http.createServer((req, res) => {
      const url = new URL(req.url!, 'http://x');
      res.writeHead(200, { 'content-type': 'application/json' });
      if (url.searchParams.get('watch') !== 'true')
        return res.end(JSON.stringify({ metadata: { resourceVersion: '10' }, items: [] }));
      watchVersions.push(url.searchParams.get('resourceVersion'));
      if (watchVersions.length === 1) res.write('{"type":"ADDED","obj\n');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    watch = await watchEndpointSlices(plainHttp(port), {
      namespace: 'media',
      service: 'jellyfin',
      restartDelayMs: 20,
      onChange: (s) => seen.push(addresses(s)),
      onError: (e) => errors.push((e as Error).message),
    });
    await until(() => watchVersions.length === 2, 'reconnect');
    expect(watchVersions).toEqual(['10', '10']);
    expect(errors[0]).toMatch(/JSON/);
  });
});
