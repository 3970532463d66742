// A bounded HTTP GET for LOCATION and description fetches. A control point that
// fetches whatever LOCATION it is told can be pointed at a slow or endless
// server (LOCATION abuse): every fetch has a size and a time limit
// (src/net/bounded-request.ts), http:// only, and never follows a redirect.
import { boundedRequest, type BoundedResponse } from '../../net/bounded-request.js';

export interface BoundedFetchOptions {
  timeoutMs?: number;
  maxBytes?: number;
  headers?: Record<string, string>;
}

export type { BoundedResponse };

export const DEFAULT_FETCH_TIMEOUT_MS = 5_000;
export const DEFAULT_FETCH_MAX_BYTES = 256 * 1024;

/** GET `url` with a whole-request deadline and a body size cap; rejects with a BoundedRequestError. */
export function boundedGet(url: URL, options: BoundedFetchOptions = {}): Promise<BoundedResponse> {
  return boundedRequest(url, {
    headers: { 'user-agent': 'dlna-bridge', ...options.headers },
    timeoutMs: options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    maxBytes: options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES,
    schemes: ['http:'],
  });
}
