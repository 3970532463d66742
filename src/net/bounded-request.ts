// One HTTP exchange with a server the caller does not control: a deadline for
// the whole exchange (connect, headers and body: a slow or endless body cannot
// stall the caller), a cap on the body (a confused or hostile server cannot
// fill memory), and redirects returned as answers, never followed. Every client
// here goes through it: UPnP description fetches, qBittorrent's WebUI and the
// daemon's Kubernetes API requests. node:http rather than fetch: fetch refuses
// "bad ports" (6000, 6665-6669, 10080, ...) that a server may well listen on.
import http from 'node:http';
import https from 'node:https';
import { DlnaBridgeError } from '../util/errors.js';
import { publicUrl } from '../util/redact-url.js';

/** Client certificate and trust for https (a kubeconfig's); absent: Node's defaults. */
export interface TlsOptions {
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  rejectUnauthorized?: boolean;
}

export interface RequestStart {
  method?: string;
  headers?: http.OutgoingHttpHeaders;
  body?: string | Buffer;
  tls?: TlsOptions;
  /**
   * Reuse connections through Node's global agent (a client that asks one
   * server every few seconds). Default: a connection of its own, closed after
   * the answer, so nothing lingers in a pool.
   */
  keepAlive?: boolean;
}

export interface BoundedRequestOptions extends RequestStart {
  /** The whole exchange, body included. */
  timeoutMs: number;
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** URL schemes accepted (default http: and https:). */
  schemes?: readonly string[];
}

export interface BoundedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * - `bad-url`: a scheme the caller does not accept; nothing was sent.
 * - `network`: no answer (refused, reset, unresolvable, TLS refused, not HTTP).
 * - `broken`: the answer started but broke off before its end.
 * - `timeout`: no complete answer within the deadline.
 * - `too-large`: the body is larger than the cap (declared or counted).
 */
export type BoundedRequestFailure = 'bad-url' | 'network' | 'broken' | 'timeout' | 'too-large';

const CODES = {
  'bad-url': 'HTTP_BAD_URL',
  network: 'HTTP_NO_ANSWER',
  broken: 'HTTP_ANSWER_BROKEN',
  timeout: 'HTTP_TIMEOUT',
  'too-large': 'HTTP_ANSWER_TOO_LARGE',
} as const;

/**
 * Why an exchange failed. The message names the URL without userinfo or
 * query (it reaches logs and /readyz); callers that word failures their own
 * way read `failure`, `detail` and `errno`.
 */
export class BoundedRequestError extends DlnaBridgeError {
  readonly code: (typeof CODES)[BoundedRequestFailure];
  override readonly kind = 'environment';

  constructor(
    readonly failure: BoundedRequestFailure,
    /** The URL as it may be shown: no userinfo, no query. */
    readonly shownUrl: string,
    /** What went wrong, without the URL ("connect ECONNREFUSED 127.0.0.1:9"). */
    readonly detail: string,
    /** The system or parser error code of a network failure (ECONNREFUSED, EAI_AGAIN, HPE_INVALID_STATUS, ...). */
    readonly errno?: string,
    options?: { cause?: unknown },
  ) {
    super(`${shownUrl}: ${detail}`, options);
    this.code = CODES[failure];
  }
}

/** Send a request (http or https by the URL) and leave its answer to the caller: a watch streams it. */
export function startRequest(url: URL, options: RequestStart = {}): http.ClientRequest {
  const common: http.RequestOptions = {
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.keepAlive ? {} : { agent: false }),
  };
  const req = url.protocol === 'https:' ? https.request(url, { ...common, ...options.tls }) : http.request(url, common);
  req.end(options.body);
  return req;
}

/** The exchange, resolved with any status (the caller decides what a 404 or a 302 means). */
export function boundedRequest(url: URL, options: BoundedRequestOptions): Promise<BoundedResponse> {
  const shown = publicUrl(url);
  const schemes = options.schemes ?? ['http:', 'https:'];
  if (!schemes.includes(url.protocol)) {
    return Promise.reject(
      new BoundedRequestError(
        'bad-url',
        shown,
        `only ${schemes.map((s) => `${s}//`).join(' and ')} URLs are requested, not ${url.protocol}`,
      ),
    );
  }
  const { timeoutMs, maxBytes } = options;
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (failure: BoundedRequestFailure, detail: string, cause?: NodeJS.ErrnoException): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(new BoundedRequestError(failure, shown, detail, cause?.code, cause ? { cause } : undefined));
    };
    const req = startRequest(url, options);
    const timer = setTimeout(() => fail('timeout', `no complete answer within ${timeoutMs} ms`), timeoutMs);
    timer.unref();
    let answered = false;
    // Once the answer has begun, a reset reaches the request as well as the answer: either way it broke off.
    req.on('error', (err: NodeJS.ErrnoException) => fail(answered ? 'broken' : 'network', err.message, err));
    req.on('response', (res) => {
      answered = true;
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        fail('too-large', `body of ${declared} bytes exceeds the ${maxBytes}-byte limit`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail('too-large', `body exceeds the ${maxBytes}-byte limit`);
        else chunks.push(chunk);
      });
      res.on('error', (err: NodeJS.ErrnoException) => fail('broken', err.message, err));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
  });
}
