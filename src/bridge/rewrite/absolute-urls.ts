// Rewrites absolute http URLs that name the upstream (or the proxy without its
// /u/{key} prefix) into URLs on the proxy, anywhere in a text: element text,
// attributes, CDATA, and the XML-escaped DIDL-Lite inside a SOAP <Result>.
// Works on the text as it is, without parsing XML: escaping never touches the
// "http://host:port" part of a URL (no &, <, > or quotes in it), so one scan
// finds URLs at every nesting level, and bytes around them stay exactly as the
// upstream wrote them. Pure.
import { canonicalAuthority, isAuthorityCode } from './authority.js';
import type { RewriteContext, RewriteResult } from './context.js';
import { PROXY_ROOT } from '../catalog/proxy-path.js';

const SCHEME = /http:\/\//gi;

export function rewriteAbsoluteUrls(text: string, ctx: RewriteContext): RewriteResult {
  const publicCanonical = canonicalAuthority(ctx.publicAuthority);
  const replacementOrigin = `http://${ctx.publicAuthority}${ctx.prefix}`;
  const parts: string[] = [];
  let copiedUpTo = 0;
  let rewrites = 0;
  SCHEME.lastIndex = 0;
  for (let m = SCHEME.exec(text); m !== null; m = SCHEME.exec(text)) {
    const start = m.index;
    const authStart = start + m[0].length;
    let end = authStart;
    while (end < text.length && isAuthorityCode(text.charCodeAt(end))) end++;
    // Resume right after "http://": another URL may start inside what looked
    // like this one's authority ("http://http://host").
    SCHEME.lastIndex = authStart;
    // "http://user@host" carries userinfo: not a URL the upstream builds for itself.
    if (end === authStart || text[end] === '@') continue;
    const canonical = canonicalAuthority(text.slice(authStart, end));
    if (canonical === undefined) continue;
    const isPublic = canonical === publicCanonical;
    if (isPublic) {
      // The proxy serves nothing outside PROXY_ROOT: a public URL already there is left alone (idempotence).
      if (text.startsWith(PROXY_ROOT, end)) continue;
    } else if (!ctx.upstreamAuthorities.has(canonical)) continue;
    parts.push(text.slice(copiedUpTo, start), replacementOrigin);
    if (text[end] !== '/') parts.push('/');
    copiedUpTo = end;
    rewrites++;
  }
  if (rewrites === 0) return { text, rewrites };
  parts.push(text.slice(copiedUpTo));
  return { text: parts.join(''), rewrites };
}
