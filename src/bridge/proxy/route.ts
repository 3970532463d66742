// Where a request goes: the LAN URL scheme is /u/{key}{upstream path}, the
// server side of the LOCATION the advertiser announces
// (http://{advertise}:{port}/u/{key}{description path}). Anything else is
// refused here, before any upstream is contacted: the proxy is not an open
// proxy, so absolute-form targets ("GET http://x/ HTTP/1.1") and the asterisk
// form are errors, not destinations. Pure.

export type Route =
  | { ok: true; key: string; /** Path and query to request from the upstream, always starting with "/". */ path: string }
  | { ok: false; status: 400 | 404; message: string };

const PREFIX = '/u/';
/** Keys are what catalog/identity.ts makes: lower-case, URL-safe. */
const KEY = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function routeRequest(target: string): Route {
  if (!target.startsWith('/')) {
    return { ok: false, status: 400, message: 'Bad Request: only origin-form request targets (/path) are accepted; this is not an open proxy' };
  }
  if (!target.startsWith(PREFIX)) return { ok: false, status: 404, message: 'Not Found: paths on this bridge start with /u/{upstream}/' };
  const afterPrefix = target.slice(PREFIX.length);
  const end = afterPrefix.search(/[/?#]/);
  const key = end < 0 ? afterPrefix : afterPrefix.slice(0, end);
  if (!KEY.test(key)) return { ok: false, status: 404, message: 'Not Found: no such upstream' };
  const rest = end < 0 ? '' : afterPrefix.slice(end);
  return { ok: true, key, path: rest.startsWith('/') ? rest : `/${rest}` };
}

/** The proxy path of an upstream URL path (the inverse mapping, for tests and callers). */
export function proxyPath(key: string, upstreamPathAndQuery: string): string {
  return `${PREFIX}${key}${upstreamPathAndQuery.startsWith('/') ? '' : '/'}${upstreamPathAndQuery}`;
}
