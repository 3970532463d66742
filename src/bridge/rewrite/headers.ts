// Response headers that carry a URL the client follows (Location on a
// redirect, Content-Location): the same mapping as bodies, plus root-relative
// values, which a client resolves against the proxy's origin and so need the
// /u/{key} prefix. Pure.
import { rewriteAbsoluteUrls } from './absolute-urls.js';
import type { RewriteContext, RewriteResult } from './context.js';

/** Lower-case names of the response headers whose value is one URL. */
export const URL_RESPONSE_HEADERS: ReadonlySet<string> = new Set(['location', 'content-location']);

export function rewriteUrlHeader(value: string, ctx: RewriteContext): RewriteResult {
  if (value.startsWith('/') && !value.startsWith('//')) {
    if (value.startsWith(`${ctx.prefix}/`)) return { text: value, rewrites: 0 };
    return { text: ctx.prefix + value, rewrites: 1 };
  }
  return rewriteAbsoluteUrls(value, ctx);
}
