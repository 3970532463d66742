// The lite client's one request: JSON in and out, bounded in time and size.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseKubeConfig } from '../../src/k8s/config.js';
import { KubeApiError, kubeRequest, requestUrl } from '../../src/k8s/request.js';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function serve(handler: http.RequestListener, prefix = ''): Promise<ReturnType<typeof parseKubeConfig>> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return parseKubeConfig(
    JSON.stringify({
      'current-context': 'c',
      contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }],
      clusters: [{ name: 'k', cluster: { server: `http://127.0.0.1:${port}${prefix}` } }],
      users: [{ name: 'u', user: { token: 'tok' } }],
    }),
  );
}

describe('lite request', () => {
  it("sends the bearer token and a JSON body; keeps a server URL's path prefix (kubectl proxy, Rancher)", async () => {
    let seen: { url?: string; auth?: string; type?: string; body?: string } = {};
    const cfg = await serve((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen = { url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], body };
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    }, '/k8s/clusters/c-1/');
    expect(
      await kubeRequest(cfg, {
        method: 'POST',
        path: '/apis/x/v1/things',
        query: { a: 'b c', skip: undefined },
        body: { n: 1 },
      }),
    ).toEqual({ ok: true });
    expect(seen).toEqual({
      url: '/k8s/clusters/c-1/apis/x/v1/things?a=b+c',
      auth: 'Bearer tok',
      type: 'application/json',
      body: '{"n":1}',
    });
    expect(requestUrl(cfg, '/api/v1').pathname).toBe('/k8s/clusters/c-1/api/v1');
  });

  it("a non-2xx answer is a KubeApiError with the status and the API's Status message", async () => {
    const cfg = await serve((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end('{"kind":"Status","message":"leases is forbidden","code":403}');
    });
    const err = (await kubeRequest(cfg, { path: '/x' }).catch((e: unknown) => e)) as KubeApiError;
    expect(err).toBeInstanceOf(KubeApiError);
    expect(err.code).toBe(403);
    expect(err.message).toBe('GET /x: HTTP 403: leases is forbidden');
  });

  it("an answer larger than maxBytes is refused (a confused proxy cannot fill the daemon's memory)", async () => {
    const cfg = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"pad":"${'x'.repeat(10_000)}"}`);
    });
    await expect(kubeRequest(cfg, { path: '/big', maxBytes: 1000 })).rejects.toThrow(
      /GET \/big: answer larger than 1000 bytes/,
    );
  });

  it('an API server that never answers times out', async () => {
    const cfg = await serve(() => {});
    await expect(kubeRequest(cfg, { path: '/slow', timeoutMs: 100 })).rejects.toThrow(
      /GET \/slow: no answer within 100 ms/,
    );
  });

  it('a 200 that is not JSON (an HTML login page) is an error', async () => {
    const cfg = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    });
    await expect(kubeRequest(cfg, { path: '/x' })).rejects.toThrow(/HTTP 200 with a body that is not JSON/);
  });
});
