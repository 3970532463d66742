// One JSON request to the API server, with a time limit and a size limit (a
// confused proxy must not fill the daemon's memory: src/net/bounded-request.ts).
// openRequest is the same request left open for a watch.
import type http from 'node:http';
import {
  boundedRequest,
  BoundedRequestError,
  startRequest,
  type BoundedResponse,
  type RequestStart,
} from '../net/bounded-request.js';
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
    const reason =
      body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string'
        ? (body as { message: string }).message
        : undefined;
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

/** URL, headers, body and TLS of a request; connections are kept alive (a lease is renewed every few seconds). */
function requestStart(config: LiteKubeConfig, r: KubeRequest, accept: string): { url: URL; start: RequestStart } {
  const url = requestUrl(config, r.path, r.query);
  const body = r.body === undefined ? undefined : JSON.stringify(r.body);
  const token = config.token();
  const headers: http.OutgoingHttpHeaders = {
    accept,
    'user-agent': 'dlna-bridge',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
  };
  const tls = {
    ...(config.ca ? { ca: config.ca } : {}),
    ...(config.cert ? { cert: config.cert } : {}),
    ...(config.key ? { key: config.key } : {}),
    rejectUnauthorized: !config.insecureSkipTlsVerify,
  };
  return {
    url,
    start: { method: r.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}), tls, keepAlive: true },
  };
}

/** Start a request; the caller reads the response. */
export function openRequest(
  config: LiteKubeConfig,
  r: KubeRequest,
  accept = 'application/json',
): { req: http.ClientRequest; url: URL } {
  const { url, start } = requestStart(config, r, accept);
  return { req: startRequest(url, start), url };
}

/** A JSON request: resolves with the parsed body of a 2xx answer; rejects with KubeApiError for any other status. */
export async function kubeRequest<T = unknown>(config: LiteKubeConfig, r: KubeRequest): Promise<T> {
  const timeoutMs = r.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = r.maxBytes ?? DEFAULT_MAX_BYTES;
  const what = `${r.method ?? 'GET'} ${r.path}`;
  const { url, start } = requestStart(config, r, 'application/json');
  let res: BoundedResponse;
  try {
    res = await boundedRequest(url, { ...start, timeoutMs, maxBytes });
  } catch (err) {
    throw new Error(`${what}: ${failureWords(err, timeoutMs, maxBytes)}`, { cause: err });
  }
  const text = res.body.toString('utf8');
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* a proxy's HTML error page: keep the text */
  }
  if (res.status < 200 || res.status >= 300) throw new KubeApiError(res.status, parsed, what);
  if (typeof parsed === 'object' && parsed !== null) return parsed as T;
  throw new Error(`${what}: HTTP ${res.status} with a body that is not JSON`);
}

function failureWords(err: unknown, timeoutMs: number, maxBytes: number): string {
  if (!(err instanceof BoundedRequestError)) return err instanceof Error ? err.message : String(err);
  if (err.failure === 'timeout') return `no answer within ${timeoutMs} ms`;
  if (err.failure === 'too-large') return `answer larger than ${maxBytes} bytes`;
  return err.detail;
}
