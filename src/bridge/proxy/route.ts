// Where a request goes, or why nowhere: a target is refused here, before any
// upstream is contacted, unless it names an upstream under the bridge's URL
// scheme (catalog/proxy-path.ts). The proxy is not an open proxy, so
// absolute-form targets ("GET http://x/ HTTP/1.1") and the asterisk form are
// errors, not destinations. Pure.
import { parseProxyPath, PROXY_ROOT } from '../catalog/proxy-path.js';

export type Route =
  | {
      ok: true;
      key: string;
      /** Path and query to request from the upstream, always starting with "/". */ path: string;
    }
  | { ok: false; status: 400 | 404; message: string };

export function routeRequest(target: string): Route {
  if (!target.startsWith('/')) {
    return {
      ok: false,
      status: 400,
      message: 'Bad Request: only origin-form request targets (/path) are accepted; this is not an open proxy',
    };
  }
  const parsed = parseProxyPath(target);
  if (parsed.ok) return parsed;
  if (parsed.why === 'outside')
    return { ok: false, status: 404, message: `Not Found: paths on this bridge start with ${PROXY_ROOT}{upstream}/` };
  return { ok: false, status: 404, message: 'Not Found: no such upstream' };
}
