// HTTP to a Service through the API server's service proxy
// (/api/v1/namespaces/NS/services/NAME:PORT/proxy/PATH), so doctor can ask an
// in-cluster app (qBittorrent) from outside the cluster with only a kubeconfig.
// Bounded in time and size like every other fetch of ours.
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface ProxyResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ProxyRequest {
  namespace: string;
  service: string;
  port: number | string;
  path: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

export function serviceProxyPath(namespace: string, service: string, port: number | string, path: string): string {
  const rest = path.startsWith('/') ? path : `/${path}`;
  return `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(`${service}:${port}`)}/proxy${rest}`;
}

export async function serviceProxyRequest(kc: KubeConfig, req: ProxyRequest): Promise<ProxyResponse> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('no current cluster');
  const url = new URL(
    cluster.server.replace(/\/$/, '') + serviceProxyPath(req.namespace, req.service, req.port, req.path),
  );
  const options: https.RequestOptions = { method: req.method ?? 'GET', headers: { ...req.headers } };
  await kc.applyToHTTPSOptions(options);
  const lib = url.protocol === 'https:' ? https : http;
  const timeoutMs = req.timeoutMs ?? 5_000;
  const maxBytes = req.maxBytes ?? 256 * 1024;
  return new Promise((resolve, reject) => {
    const r = lib.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          r.destroy(new Error(`answer larger than ${maxBytes} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    r.setTimeout(timeoutMs, () => r.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    r.on('error', reject);
    r.end(req.body);
  });
}
