// One bounded HTTP exchange with qBittorrent: a deadline for the whole request
// (body included) and a cap on the body size, so a hung or hostile server
// cannot stall or flood the CLI. Network failures become one clear CliError.
// node:http rather than fetch: fetch refuses "bad ports" (6000, 6665-6669,
// 10080, ...) that a WebUI may well listen on.
import http from 'node:http';
import https from 'node:https';
import { CliError, EXIT_ERROR } from '../cli/exit-codes.js';

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
    const finish = (err: CliError | null, res?: QbtHttpResponse): void => {
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
          finish(new CliError(`${req.url.origin}${req.url.pathname}: answer exceeds ${req.maxBytes} bytes; is this really qBittorrent's WebUI?`, EXIT_ERROR));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const setCookie = res.headers['set-cookie'];
        finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), setCookies: setCookie ?? [] });
      });
      res.on('error', (err) => finish(new CliError(`qBittorrent at ${req.url.origin} broke off its answer: ${err.message}`, EXIT_ERROR)));
    });
    request.on('error', (err) => finish(new CliError(`cannot reach qBittorrent at ${req.url.origin}: ${describeNetworkError(err)}`, EXIT_ERROR)));
    const timer = setTimeout(
      () => finish(new CliError(`cannot reach qBittorrent at ${req.url.origin}: no answer within ${req.timeoutMs} ms`, EXIT_ERROR)),
      req.timeoutMs,
    );
    request.end(body);
  });
}

function describeNetworkError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused (is qBittorrent running, and is this its WebUI port?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host name not found (${err.message})`;
    case 'ECONNRESET':
      return 'connection reset (an https:// WebUI reached over http://?)';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no route to the host (${err.message})`;
    default:
      return err.code ? `${err.code}: ${err.message}` : err.message;
  }
}
