// The one place that says what LOCATION a TV is told for an upstream: the
// proxy's address on the LAN, the upstream under /u/{key}/, and the upstream's
// own description path and query (the proxy maps /u/{key}/... back to it).
import type { UpstreamEntry } from '../catalog/types.js';

export function lanLocation(entry: Pick<UpstreamEntry, 'key' | 'location'>, advertiseAddress: string, httpPort: number): string {
  return `http://${advertiseAddress}:${httpPort}/u/${entry.key}${entry.location.pathname}${entry.location.search}`;
}
