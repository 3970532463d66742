// rewriteAbsoluteUrls (absolute-urls.ts) on the bytes of a body instead of a
// string: the same URLs rewritten the same way, byte for byte (the rewrite
// tests and bench/proxy-rewrite-fuzz.mjs compare the two), without turning
// hundreds of KiB into a string and back. A Browse answer names a handful of
// authorities thousands of times, so "://" is found with Buffer.indexOf (no
// regex over the whole text), and each authority is judged once per memo.
// Pure.
import { canonicalAuthority, isAuthorityCode } from './authority.js';
import type { RewriteContext } from './context.js';
import { PROXY_ROOT } from '../catalog/proxy-path.js';

const SCHEME_END = Buffer.from('://', 'latin1');
const SLASH = 0x2f;
const AT = 0x40;
/** PROXY_ROOT as bytes ("/u/"). */
const ROOT = Buffer.from(PROXY_ROOT, 'latin1');
/** Bytes of "http" with bit 0x20 set: case-insensitive as the string rewrite's /http:\/\//i (ASCII letters only). */
const HTTP = [0x68, 0x74, 0x74, 0x70] as const;
/** Distinct authorities remembered per memo; a body naming more just judges the rest again. */
const MEMO_LIMIT = 256;

/** Canonical forms of authority spellings seen so far: canonicalAuthority is a regex, run once per spelling. */
export class AuthorityMemo {
  private readonly seen = new Map<string, string | undefined>();

  canonical(body: Buffer, start: number, end: number): string | undefined {
    const text = body.toString('latin1', start, end);
    const known = this.seen.get(text);
    if (known !== undefined || this.seen.has(text)) return known;
    const canonical = canonicalAuthority(text);
    if (this.seen.size >= MEMO_LIMIT) this.seen.clear();
    this.seen.set(text, canonical);
    return canonical;
  }
}

export interface BufferRewriteResult {
  /** The rewritten bytes (the input itself when nothing changed). */
  body: Buffer;
  rewrites: number;
}

function isHttpBefore(body: Buffer, colon: number): boolean {
  const start = colon - 4;
  return (
    start >= 0 &&
    (body[start]! | 0x20) === HTTP[0] &&
    (body[start + 1]! | 0x20) === HTTP[1] &&
    (body[start + 2]! | 0x20) === HTTP[2] &&
    (body[start + 3]! | 0x20) === HTTP[3]
  );
}

export function rewriteAbsoluteUrlsInBuffer(
  body: Buffer,
  ctx: RewriteContext,
  memo = new AuthorityMemo(),
): BufferRewriteResult {
  const publicCanonical = canonicalAuthority(ctx.publicAuthority);
  // [from, to) spans of the input to copy, each followed by the replacement origin (and a '/' when flagged).
  const spans: number[] = [];
  const slashes: boolean[] = [];
  let copiedUpTo = 0;
  let rewrites = 0;
  for (let colon = body.indexOf(SCHEME_END); colon >= 0; colon = body.indexOf(SCHEME_END, colon + 3)) {
    if (!isHttpBefore(body, colon)) continue;
    const start = colon - 4;
    const authStart = colon + 3;
    let end = authStart;
    while (end < body.length && isAuthorityCode(body[end]!)) end++;
    // "http://user@host" carries userinfo: not a URL the upstream builds for itself.
    if (end === authStart || body[end] === AT) continue;
    const canonical = memo.canonical(body, authStart, end);
    if (canonical === undefined) continue;
    if (canonical === publicCanonical) {
      // The proxy serves nothing outside PROXY_ROOT: a public URL already there is left alone (idempotence).
      if (rootAt(body, end)) continue;
    } else if (!ctx.upstreamAuthorities.has(canonical)) continue;
    spans.push(copiedUpTo, Math.max(copiedUpTo, start));
    slashes.push(body[end] !== SLASH);
    copiedUpTo = end;
    rewrites++;
  }
  if (rewrites === 0) return { body, rewrites };
  const origin = Buffer.from(`http://${ctx.publicAuthority}${ctx.prefix}`, 'latin1');
  let length = body.length - copiedUpTo + rewrites * origin.length;
  for (let i = 0; i < rewrites; i++) length += spans[2 * i + 1]! - spans[2 * i]! + (slashes[i] ? 1 : 0);
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  // Thousands of short copies: TypedArray set and a plain loop cost less per call than Buffer.copy.
  for (let i = 0; i < rewrites; i++) {
    const from = spans[2 * i]!;
    const to = spans[2 * i + 1]!;
    if (to > from) out.set(body.subarray(from, to), at);
    at += to - from;
    for (let j = 0; j < origin.length; j++) out[at + j] = origin[j]!;
    at += origin.length;
    if (slashes[i]) out[at++] = SLASH;
  }
  out.set(body.subarray(copiedUpTo), at);
  return { body: out, rewrites };
}

function rootAt(body: Buffer, at: number): boolean {
  for (let i = 0; i < ROOT.length; i++) if (body[at + i] !== ROOT[i]) return false;
  return true;
}
