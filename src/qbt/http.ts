// One bounded HTTP exchange with qBittorrent: a deadline for the whole request
// (body included) and a cap on the body size, so a hung or hostile server
// cannot stall or flood the CLI. Network failures become one QbtEnvironmentError.
// node:http rather than fetch: fetch refuses "bad ports" (6000, 6665-6669,
// 10080, ...) that a WebUI may well listen on.
import http from 'node:http';
import https from 'node:https';
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

export function qbtHttp(req: QbtHttpRequest): Promise<QbtHttpResponse> {
  const body = req.form ? Buffer.from(req.form.toString(), 'utf8') : undefined;
  const headers: Record<string, string> = { ...req.headers };
  if (body) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(body.length);
  }
  const lib = req.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: QbtEnvironmentError | null, res?: QbtHttpResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        request.destroy();
        reject(err);
      } else resolve(res!);
    };
    const request = lib.request(req.url, { method: req.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBytes) {
          res.destroy();
          finish(
            new QbtEnvironmentError(
              'QBT_ANSWER_TOO_LARGE',
              `${req.url.origin}${req.url.pathname}: answer exceeds ${req.maxBytes} bytes; is this really qBittorrent's WebUI?`,
            ),
          );
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const setCookie = res.headers['set-cookie'];
        finish(null, {
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          setCookies: setCookie ?? [],
        });
      });
      res.on('error', (err) =>
        finish(
          new QbtEnvironmentError(
            'QBT_ANSWER_BROKEN',
            `qBittorrent at ${req.url.origin} broke off its answer: ${err.message}`,
            { cause: err },
          ),
        ),
      );
    });
    request.on('error', (err) =>
      finish(
        new QbtEnvironmentError(
          'QBT_UNREACHABLE',
          `cannot reach qBittorrent at ${req.url.origin}: ${describeNetworkError(err)}`,
          { cause: err },
        ),
      ),
    );
    const timer = setTimeout(
      () =>
        finish(
          new QbtEnvironmentError(
            'QBT_NO_ANSWER',
            `cannot reach qBittorrent at ${req.url.origin}: no answer within ${req.timeoutMs} ms`,
          ),
        ),
      req.timeoutMs,
    );
    request.end(body);
  });
}

/** errno words, with a hint where qBittorrent makes one cause likely. */
function describeNetworkError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return `${errnoWords(err)} (is qBittorrent running, and is this its WebUI port?)`;
    case 'ECONNRESET':
      return `${errnoWords(err)} (an https:// WebUI reached over http://?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${errnoWords(err)} (${err.message})`;
    default:
      return err.code ? `${err.code}: ${err.message}` : err.message;
  }
}
