// The bridge's one URL scheme: upstream {key} lives under /u/{key}/ on the
// proxy. Building (LOCATION, prefixes), parsing (a TV's request target) and the
// key grammar are here and nowhere else. It sits in catalog/ because keys are
// the catalog's names, and the advertiser, proxy and rewriter all import the
// catalog while it imports none of them. Pure.
import type { UpstreamEntry } from './types.js';

/** Every path the proxy serves starts with this; nothing else is on the bridge. */
export const PROXY_ROOT = '/u/';

/** An upstream key: lower-case, URL-safe, one path segment (identity.ts makes them). */
export const UPSTREAM_KEY = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** "/u/{key}": where an upstream's root lives on the proxy (no trailing slash). */
export function proxyPrefix(key: string): string {
  return `${PROXY_ROOT}${key}`;
}

/** The proxy path of an upstream path and query ("/rootDesc.xml" -> "/u/{key}/rootDesc.xml"). */
export function proxyPath(key: string, upstreamPathAndQuery: string): string {
  return `${proxyPrefix(key)}${upstreamPathAndQuery.startsWith('/') ? '' : '/'}${upstreamPathAndQuery}`;
}

export type ParsedProxyPath =
  | { ok: true; key: string; /** Path and query under the key, always starting with "/". */ path: string }
  /** `outside`: not under /u/ at all; `bad-key`: under /u/ but no key could name an upstream. */
  | { ok: false; why: 'outside' | 'bad-key' };

/** The inverse of proxyPath for an origin-form target ("/u/k/x?y"). */
export function parseProxyPath(target: string): ParsedProxyPath {
  if (!target.startsWith(PROXY_ROOT)) return { ok: false, why: 'outside' };
  const afterRoot = target.slice(PROXY_ROOT.length);
  const end = afterRoot.search(/[/?#]/);
  const key = end < 0 ? afterRoot : afterRoot.slice(0, end);
  if (!UPSTREAM_KEY.test(key)) return { ok: false, why: 'bad-key' };
  const rest = end < 0 ? '' : afterRoot.slice(end);
  return { ok: true, key, path: rest.startsWith('/') ? rest : `/${rest}` };
}

/**
 * The LOCATION a TV is told for an upstream: the proxy's address on the LAN,
 * the upstream under /u/{key}/, and the upstream's own description path. Never
 * its query string or userinfo: LOCATION goes out in multicast to every host on
 * the LAN, and an upstream URL may carry a secret (`?api_key=...`, `user:pass@`).
 * The proxy holds the upstream's URL and supplies what the upstream needs
 * (upstreamRequestPath); the TV only ever sees the path.
 */
export function lanLocation(
  entry: Pick<UpstreamEntry, 'key' | 'location'>,
  advertiseAddress: string,
  httpPort: number,
): string {
  return `http://${advertiseAddress}:${httpPort}${proxyPath(entry.key, entry.location.pathname)}`;
}

/**
 * The other half of lanLocation: the path a TV asks for under /u/{key}/, as
 * the upstream must get it. A request for the description path itself, which
 * the TV only knows without its query, gets the upstream URL's own query back.
 */
export function upstreamRequestPath(path: string, location: URL): string {
  if (location.search === '' || path !== location.pathname) return path;
  return `${path}${location.search}`;
}
