// A bounded HTTP GET for LOCATION and description fetches. A control point that
// fetches whatever LOCATION it is told can be pointed at a slow or endless
// server (ssdp.md, "LOCATION abuse"): every fetch has a size and a time limit.
import http from 'node:http';
import { publicUrl } from '../../util/redact-url.js';

export interface BoundedFetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  headers?: Record<string, string>;
}

export interface BoundedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export class FetchError extends Error {
  constructor(
    message: string,
    readonly code: 'timeout' | 'too-large' | 'network' | 'bad-url',
    /** The system error code of a network failure (ECONNREFUSED, EAI_AGAIN, ...), for callers that explain it. */
    readonly errno?: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;
export const DEFAULT_FETCH_MAX_BYTES = 256 * 1024;

/** GET `url` (http only) with a whole-request deadline and a body size cap. Never follows redirects. */
export function boundedGet(url: URL, options: BoundedFetchOptions = {}): Promise<BoundedResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
  if (url.protocol !== 'http:') return Promise.reject(new FetchError(`only http:// URLs are fetched, not ${url.protocol}`, 'bad-url'));
  // Error messages name the URL without userinfo or query: they reach logs and /readyz.
  const shown = publicUrl(url);
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, res?: BoundedResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(res!);
    };
    const req = http.get(url, { headers: { 'user-agent': 'dlna-bridge', ...options.headers }, agent: false }, (res) => {
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        res.destroy();
        finish(new FetchError(`${shown}: body of ${declared} bytes exceeds the ${maxBytes}-byte limit`, 'too-large'));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          res.destroy();
          finish(new FetchError(`${shown}: body exceeds the ${maxBytes}-byte limit`, 'too-large'));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (err: NodeJS.ErrnoException) => finish(new FetchError(`${shown}: ${err.message}`, 'network', err.code)));
    });
    req.on('error', (err: NodeJS.ErrnoException) => finish(new FetchError(`${shown}: ${err.message}`, 'network', err.code)));
    const timer = setTimeout(
      () => finish(new FetchError(`${shown}: no complete answer within ${timeoutMs} ms`, 'timeout')),
      timeoutMs,
    );
  });
}
