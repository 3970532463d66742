// The rewrite context of one proxied response: which authorities mean "the
// upstream" and what the client called the proxy.
import type { UpstreamEntry } from '../catalog/types.js';
import { authorityOfUrl, canonicalAuthority, safeHostHeader } from './authority.js';
import { selfAuthorities } from './description.js';
import type { RewriteContext } from './context.js';
import { proxyPrefix } from '../catalog/proxy-path.js';

/** Per catalog entry (entries are replaced, never mutated, when the description changes). */
const learnt = new WeakMap<UpstreamEntry, string[]>();

function entryAuthorities(entry: UpstreamEntry): string[] {
  let list = learnt.get(entry);
  if (!list) {
    list = selfAuthorities(entry.descriptionText);
    const own = authorityOfUrl(entry.location);
    if (own) list.push(own);
    learnt.set(entry, list);
  }
  return list;
}

/** "host:port" for a socket address; IPv6 in brackets. */
export function socketAuthority(address: string | undefined, port: number | undefined): string | undefined {
  if (!address || !port) return undefined;
  const host = address.startsWith('::ffff:') ? address.slice(7) : address;
  return canonicalAuthority(host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
}

export interface ContextInput {
  entry: UpstreamEntry;
  /** The client's Host header, if any. */
  hostHeader: string | undefined;
  /** The address:port the client connected to: the fallback public authority. */
  localAuthority: string;
  /** The address:port the proxy's upstream connection reached (a name may resolve anywhere). */
  peerAuthority: string | undefined;
}

export function rewriteContextFor(input: ContextInput): RewriteContext {
  const upstream = new Set(entryAuthorities(input.entry));
  if (input.peerAuthority) upstream.add(input.peerAuthority);
  return {
    upstreamAuthorities: upstream,
    publicAuthority: safeHostHeader(input.hostHeader, input.localAuthority),
    prefix: proxyPrefix(input.entry.key),
  };
}
