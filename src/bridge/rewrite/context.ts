// What a rewrite needs to know about one proxied response. Built by the proxy,
// consumed by the pure rewriters.

export interface RewriteContext {
  /**
   * Canonical authorities ("host:port", see authority.ts) that name the upstream
   * itself: its LOCATION host, the address the proxy actually connected to, and
   * the addresses its description uses for its own URLs (minidlna and gerbera
   * write their interface address there and in Browse results).
   */
  upstreamAuthorities: ReadonlySet<string>;
  /**
   * What the client used to reach the proxy (its Host header, validated): the
   * origin of every rewritten URL. A URL naming it without the /u/{key} prefix
   * is mapped too (a server that builds URLs from X-Forwarded-Host or was sent
   * the client's Host would write those).
   */
  publicAuthority: string;
  /** "/u/{key}": where this upstream's root lives on the proxy. */
  prefix: string;
}

export interface RewriteResult {
  text: string;
  /** How many URLs were changed (for metrics and tests). */
  rewrites: number;
}
