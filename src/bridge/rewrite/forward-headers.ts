// Which headers cross the proxy, and as what (the proxy only carries them). Raw header lists (name, value,
// name, value, ...) keep the original spelling: some TVs match DLNA headers
// such as transferMode.dlna.org case-sensitively. Hop-by-hop headers (RFC 9110
// §7.6.1) describe one connection and never cross. Pure.
import { rewriteUrlHeader, URL_RESPONSE_HEADERS } from './headers.js';
import type { RewriteContext } from './context.js';

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
  /**
   * The upstream's own authority: "address:port" of its LOCATION, a named host
   * resolved to the address the proxy connects to. The Host every request carries.
   */
  upstreamHost: string;
  /** Headers set by the proxy instead of the client's (the GENA relay's CALLBACK), lower-case names. */
  replace?: Readonly<Record<string, string>>;
}

/**
 * Request headers for the upstream. Host is always the upstream's own
 * address, never the client's Host: GUPnP servers (Rygel) refuse SOAP and GENA
 * requests whose Host is not their own address (412 / 400) and minidlna 1.3.0
 * one that is a name (404), both DNS-rebinding guards. Every server builds its
 * URLs from its own address or from that Host, and the rewriter maps them back
 * to the node: minidlna, gerbera and rygel name their interface address, and
 * Jellyfin's DLNA plugin builds every URL from the request's Host, which is
 * then the address the proxy connected to (response-context.ts counts it as the
 * upstream's). Tested against each: test/bridge/proxy/host-rule.test.ts and
 * test/integration/real-servers.test.ts.
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
  const replace = options.replace ?? {};
  for (const name of Object.keys(replace)) dropped.add(name);
  const out: string[] = ['Host', options.upstreamHost];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    if (dropped.has(name.toLowerCase())) continue;
    out.push(name, raw[i + 1]!);
  }
  for (const [name, value] of Object.entries(replace)) out.push(name.toUpperCase(), value);
  out.push('X-Forwarded-For', options.clientAddress);
  out.push('Accept-Encoding', 'identity');
  return out;
}

/** Response headers for the client: hop-by-hop dropped, URL-valued headers mapped onto the proxy. */
export function clientResponseHeaders(
  raw: readonly string[],
  ctx: RewriteContext,
): { headers: string[]; rewrites: number } {
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
