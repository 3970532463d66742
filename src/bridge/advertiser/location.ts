// The one place that says what LOCATION a TV is told for an upstream: the
// proxy's address on the LAN, the upstream under /u/{key}/, and the upstream's
// own description path. Never its query string or userinfo: LOCATION goes out
// in multicast to every host on the LAN, and an upstream URL may carry a
// secret (`?api_key=...`, `user:pass@`). The proxy holds the upstream's URL and
// supplies what the upstream needs; the TV only ever sees the path.
import type { UpstreamEntry } from '../catalog/types.js';

export function lanLocation(entry: Pick<UpstreamEntry, 'key' | 'location'>, advertiseAddress: string, httpPort: number): string {
  return `http://${advertiseAddress}:${httpPort}/u/${entry.key}${entry.location.pathname}`;
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
