// How a client's request body is framed towards the upstream. Transfer-Encoding
// is hop-by-hop, so the proxy decodes it; a decoded body piped into a request
// Node sends without framing (GET, HEAD, OPTIONS: no Content-Length, no
// chunking) reaches a keep-alive upstream as raw bytes, which it parses as
// further requests: request smuggling past the proxy's own checks (a SUBSCRIBE
// with a foreign CALLBACK, a spoofed X-Forwarded-For). So a body is forwarded
// only where the method carries one (POST, SOAP), and always with a
// Content-Length the upstream can frame it by; elsewhere it is refused. Pure.
import type { IncomingHttpHeaders } from 'node:http';

export type RequestFraming =
  /** No body: forward none (Content-Length: 0 where the method could carry one, so nothing is left to guess). */
  | { kind: 'none'; sayEmpty: boolean }
  /** Stream exactly this many bytes; the client's Content-Length goes along. */
  | { kind: 'length'; length: number }
  /** Chunked from the client: collect it (bounded) and forward it with a Content-Length. */
  | { kind: 'chunked' }
  | { kind: 'refuse'; status: 400 | 501; message: string };

/** Methods whose requests never carry a body in DLNA (GENA included); one sent anyway is refused. */
const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS', 'SUBSCRIBE', 'UNSUBSCRIBE']);

export function requestFraming(method: string, headers: IncomingHttpHeaders): RequestFraming {
  const te = headers['transfer-encoding'];
  const cl = headers['content-length'];
  const bodyless = BODYLESS.has(method);
  if (te !== undefined) {
    if (bodyless)
      return {
        kind: 'refuse',
        status: 400,
        message: `Bad Request: a ${method} request cannot carry a body (Transfer-Encoding)`,
      };
    // Node's parser already refuses chunked-not-last and Transfer-Encoding with Content-Length.
    if (te.trim().toLowerCase() !== 'chunked')
      return { kind: 'refuse', status: 501, message: 'Not Implemented: the only transfer coding accepted is chunked' };
    return { kind: 'chunked' };
  }
  if (cl !== undefined) {
    if (!/^\d{1,15}$/.test(cl.trim()))
      return { kind: 'refuse', status: 400, message: 'Bad Request: Content-Length is not a number' };
    const length = Number(cl.trim());
    if (length === 0) return { kind: 'none', sayEmpty: false };
    if (bodyless)
      return {
        kind: 'refuse',
        status: 400,
        message: `Bad Request: a ${method} request cannot carry a body (Content-Length ${length})`,
      };
    return { kind: 'length', length };
  }
  return { kind: 'none', sayEmpty: !bodyless };
}

/** A raw header list framed by Content-Length: `length` (a collected chunked request body, a rewritten answer). */
export function withContentLength(raw: readonly string[], length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== 'content-length') out.push(raw[i]!, raw[i + 1]!);
  }
  out.push('Content-Length', String(length));
  return out;
}
