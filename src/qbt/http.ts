// One bounded HTTP exchange with qBittorrent (src/net/bounded-request.ts: a
// deadline for the whole request, body included, and a cap on the body size),
// so a hung or hostile server cannot stall or flood the CLI. Network failures
// become one QbtEnvironmentError.
import { boundedRequest, BoundedRequestError, type BoundedResponse } from '../net/bounded-request.js';
import { errnoWords } from '../util/errno-words.js';
import { QbtEnvironmentError } from './errors.js';

export interface QbtHttpResponse {
  status: number;
  body: string;
  setCookies: string[];
}

export interface QbtHttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers: Record<string, string>;
  form?: URLSearchParams;
  timeoutMs: number;
  maxBytes: number;
}

export async function qbtHttp(req: QbtHttpRequest): Promise<QbtHttpResponse> {
  const body = req.form ? Buffer.from(req.form.toString(), 'utf8') : undefined;
  const headers: Record<string, string> = { ...req.headers };
  if (body) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(body.length);
  }
  let res: BoundedResponse;
  try {
    res = await boundedRequest(req.url, {
      method: req.method,
      headers,
      ...(body ? { body } : {}),
      timeoutMs: req.timeoutMs,
      maxBytes: req.maxBytes,
    });
  } catch (err) {
    throw err instanceof BoundedRequestError ? qbtHttpError(err, req) : err;
  }
  return { status: res.status, body: res.body.toString('utf8'), setCookies: res.headers['set-cookie'] ?? [] };
}

/** What a failed exchange means for someone pointing the CLI at qBittorrent. */
function qbtHttpError(err: BoundedRequestError, req: QbtHttpRequest): QbtEnvironmentError {
  const origin = req.url.origin;
  switch (err.failure) {
    case 'too-large':
      return new QbtEnvironmentError(
        'QBT_ANSWER_TOO_LARGE',
        `${origin}${req.url.pathname}: answer exceeds ${req.maxBytes} bytes; is this really qBittorrent's WebUI?`,
      );
    case 'broken':
      return new QbtEnvironmentError(
        'QBT_ANSWER_BROKEN',
        `qBittorrent at ${origin} broke off its answer: ${err.detail}`,
        { cause: err },
      );
    case 'timeout':
      return new QbtEnvironmentError(
        'QBT_NO_ANSWER',
        `cannot reach qBittorrent at ${origin}: no answer within ${req.timeoutMs} ms`,
      );
    default:
      return new QbtEnvironmentError(
        'QBT_UNREACHABLE',
        `cannot reach qBittorrent at ${origin}: ${describeNetworkError(err)}`,
        { cause: err },
      );
  }
}

/** errno words, with a hint where qBittorrent makes one cause likely. */
function describeNetworkError(failure: BoundedRequestError): string {
  // The system error behind a failure with an errno (ECONNREFUSED, ...).
  const words = errnoWords(failure.cause);
  switch (failure.errno) {
    case 'ECONNREFUSED':
      return `${words} (is qBittorrent running, and is this its WebUI port?)`;
    case 'ECONNRESET':
      return `${words} (an https:// WebUI reached over http://?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${words} (${failure.detail})`;
    default:
      return failure.errno ? `${failure.errno}: ${failure.detail}` : failure.detail;
  }
}
