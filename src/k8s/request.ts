// One JSON request to the API server on node:https/node:http, with a time
// limit and a size limit (a confused proxy must not fill the daemon's memory).
// openStream is the same request left open for a watch.
import http from 'node:http';
import https from 'node:https';
import type { LiteKubeConfig } from './config.js';

export interface KubeRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Absolute API path, e.g. /apis/coordination.k8s.io/v1/namespaces/media/leases/x. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Whole-request limit (default 10 s). */
  timeoutMs?: number;
  /** Response body limit (default 4 MiB). */
  maxBytes?: number;
}

/** An HTTP error from the API server; `code` and `body` as client-node's ApiException has them, so apiErrorCode/apiErrorMessage read both. */
export class KubeApiError extends Error {
  override name = 'KubeApiError';
  constructor(
    readonly code: number,
    readonly body: unknown,
    what: string,
  ) {
    const reason = body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : undefined;
    super(`${what}: HTTP ${code}${reason ? `: ${reason}` : ''}`);
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

export function requestUrl(config: LiteKubeConfig, path: string, query: Record<string, string | undefined> = {}): URL {
  // The server URL may carry a path prefix (a kubectl proxy, Rancher): keep it.
  const url = new URL(config.server.href.replace(/\/+$/, '') + path);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, v);
  return url;
}

/** Start a request; the caller reads the response. */
export function openRequest(config: LiteKubeConfig, r: KubeRequest, accept = 'application/json'): { req: http.ClientRequest; url: URL } {
  const url = requestUrl(config, r.path, r.query);
  const body = r.body === undefined ? undefined : JSON.stringify(r.body);
  const token = config.token();
  const headers: http.OutgoingHttpHeaders = {
    accept,
    'user-agent': 'dlna-bridge',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
  };
  const options: https.RequestOptions = { method: r.method ?? 'GET', headers };
  let req: http.ClientRequest;
  if (url.protocol === 'https:') {
    req = https.request(url, {
      ...options,
      ...(config.ca ? { ca: config.ca } : {}),
      ...(config.cert ? { cert: config.cert } : {}),
      ...(config.key ? { key: config.key } : {}),
      rejectUnauthorized: !config.insecureSkipTlsVerify,
    });
  } else {
    req = http.request(url, options);
  }
  req.end(body);
  return { req, url };
}

/** A JSON request: resolves with the parsed body of a 2xx answer; rejects with KubeApiError for any other status. */
export function kubeRequest<T = unknown>(config: LiteKubeConfig, r: KubeRequest): Promise<T> {
  const limit = r.maxBytes ?? DEFAULT_MAX_BYTES;
  const what = `${r.method ?? 'GET'} ${r.path}`;
  return new Promise<T>((resolve, reject) => {
    const { req } = openRequest(config, r);
    let done = false;
    const settle = (err: Error | undefined, value?: T): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (err) {
        reject(err);
        req.destroy();
      } else resolve(value as T);
    };
    const timer = setTimeout(() => settle(new Error(`${what}: no answer within ${r.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`)), r.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    timer.unref();
    req.on('error', (err) => settle(new Error(`${what}: ${err.message}`)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('error', (err) => settle(new Error(`${what}: ${err.message}`)));
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > limit) settle(new Error(`${what}: answer larger than ${limit} bytes`));
        else chunks.push(c);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = text ? JSON.parse(text) : undefined;
        } catch {
          /* a proxy's HTML error page: keep the text */
        }
        const status = res.statusCode ?? 0;
        if (status < 200 || status >= 300) settle(new KubeApiError(status, parsed, what));
        else if (typeof parsed === 'object' && parsed !== null) settle(undefined, parsed as T);
        else settle(new Error(`${what}: HTTP ${status} with a body that is not JSON`));
      });
    });
  });
}
