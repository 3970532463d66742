// Which headers cross the proxy, and as what. Raw header lists (name, value,
// name, value, ...) keep the original spelling: some TVs match DLNA headers
// such as transferMode.dlna.org case-sensitively. Hop-by-hop headers (RFC 9110
// §7.6.1) describe one connection and never cross. Pure.
import { rewriteUrlHeader, URL_RESPONSE_HEADERS } from '../rewrite/headers.js';
import type { RewriteContext } from '../rewrite/context.js';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Hop-by-hop names, plus any the Connection header lists for this hop. */
function droppedNames(raw: readonly string[]): Set<string> {
  const dropped = new Set(HOP_BY_HOP);
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection') {
      for (const token of raw[i + 1]!.split(',')) {
        const name = token.trim().toLowerCase();
        if (name) dropped.add(name);
      }
    }
  }
  return dropped;
}

export interface RequestHeaderOptions {
  clientAddress: string;
  /** The upstream's own authority ("host:port" of its LOCATION): the Host every request carries. */
  upstreamHost: string;
}

/**
 * Request headers for the upstream. Host is always the upstream's own
 * authority, never the client's: GUPnP servers (Rygel) refuse SOAP and GENA
 * requests whose Host is not their own address (412 / 400, a DNS-rebinding
 * guard), and every server tested builds its URLs from its own address or from
 * that Host, which the rewriter maps back to the node (as for minidlna and
 * gerbera, and for Jellyfin's Host-derived URLs: see test/proxy/host-rule.test.ts).
 * Compression is switched off so XML answers can be rewritten (media is not
 * compressed anyway); Expect is answered by this proxy already;
 * X-Forwarded-For tells Jellyfin (when the bridge is among its known proxies)
 * that the request comes from the LAN.
 */
export function upstreamRequestHeaders(raw: readonly string[], options: RequestHeaderOptions): string[] {
  const dropped = droppedNames(raw);
  dropped.add('host');
  dropped.add('accept-encoding');
  dropped.add('expect');
  // A client's own X-Forwarded-For is not trusted: the upstream learns the one address the bridge saw.
  dropped.add('x-forwarded-for');
  const out: string[] = ['Host', options.upstreamHost];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (dropped.has(name.toLowerCase())) continue;
    out.push(name, raw[i + 1]!);
  }
  out.push('X-Forwarded-For', options.clientAddress);
  out.push('Accept-Encoding', 'identity');
  return out;
}

/** Response headers for the client: hop-by-hop dropped, URL-valued headers mapped onto the proxy. */
export function clientResponseHeaders(raw: readonly string[], ctx: RewriteContext): { headers: string[]; rewrites: number } {
  const dropped = droppedNames(raw);
  const headers: string[] = [];
  let rewrites = 0;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (dropped.has(lower)) continue;
    let value = raw[i + 1]!;
    if (URL_RESPONSE_HEADERS.has(lower)) {
      const result = rewriteUrlHeader(value, ctx);
      value = result.text;
      rewrites += result.rewrites;
    }
    headers.push(name, value);
  }
  return { headers, rewrites };
}

/** The same list with Content-Length set to `length` (after a body rewrite). */
export function withContentLength(raw: readonly string[], length: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() !== 'content-length') out.push(raw[i]!, raw[i + 1]!);
  }
  out.push('Content-Length', String(length));
  return out;
}
