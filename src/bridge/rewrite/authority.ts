// URL authorities ("host[:port]") as the rewriter compares them. Two spellings
// name the same server when host (case-insensitive) and port (80 by default for
// http) agree: "10.42.0.5:80" and "10.42.0.5" are one origin. Pure.

/** Characters an http authority is made of here (no userinfo: "user@" is never rewritten); a table, as this runs per character. */
const AUTHORITY_CHARS = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_~%:[]')
  AUTHORITY_CHARS[ch.charCodeAt(0)] = 1;

export function isAuthorityCode(code: number): boolean {
  return code < 128 && AUTHORITY_CHARS[code] === 1;
}

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.\-_~%]+)(?::(\d{1,5}))?$/;

/** "Host:PORT" -> "host:port" with the default port made explicit; undefined when it is no authority. */
export function canonicalAuthority(authority: string): string | undefined {
  const m = HOST_PORT.exec(authority);
  if (!m) return undefined;
  const host = m[1]!.toLowerCase();
  const port = m[2] === undefined ? 80 : Number(m[2]);
  if (port < 1 || port > 65535) return undefined;
  return `${host}:${port}`;
}

/** The canonical authority of an http URL (other schemes: undefined). */
export function authorityOfUrl(url: URL): string | undefined {
  if (url.protocol !== 'http:') return undefined;
  return canonicalAuthority(url.host);
}

/**
 * A Host header value fit to be written into bodies the client reads: a plain
 * host or [IPv6] with an optional port. Anything else (spaces, quotes, markup,
 * userinfo) is replaced by the fallback, so a hostile Host cannot inject text.
 */
export function safeHostHeader(value: string | undefined, fallback: string): string {
  if (value === undefined || value.length > 262) return fallback;
  const m = HOST_PORT.exec(value);
  if (!m) return fallback;
  const port = m[2];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return fallback;
  return value;
}
