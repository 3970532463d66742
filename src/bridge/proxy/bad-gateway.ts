// The words of the proxy's own 502 and 504 answers. Any LAN client can read
// them, so they name the media server as a TV shows it (its friendly name, or
// the bridge's key for it) and the kind of failure, never the upstream's pod
// address, its URL, userinfo or query (issue 10, "Secrets"); the daemon's log
// has the details. Pure.
import type { UpstreamEntry } from '../catalog/types.js';
import { errnoWords } from '../sources/upstream-failure.js';

const MAX_NAME = 80;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f]+/g;

/** "Living Room Jellyfin" (quoted, control characters out, bounded), or the key when the server has no name. */
export function serverName(entry: Pick<UpstreamEntry, 'key' | 'description'>): string {
  const name = (entry.description.root.friendlyName ?? '').replace(CONTROL_CHARS, ' ').trim().slice(0, MAX_NAME);
  return name ? JSON.stringify(name) : entry.key;
}

export function upstreamDownText(entry: Pick<UpstreamEntry, 'key' | 'description'>): string {
  return `Bad Gateway: media server ${serverName(entry)} is down`;
}

export function upstreamUnreachableText(
  entry: Pick<UpstreamEntry, 'key' | 'description'>,
  err: NodeJS.ErrnoException,
): string {
  const words = errnoWords(err.code) ?? 'no usable answer';
  return `Bad Gateway: media server ${serverName(entry)} cannot be reached (${words})`;
}

export function upstreamTimeoutText(entry: Pick<UpstreamEntry, 'key' | 'description'>, ms: number): string {
  return `Gateway Timeout: media server ${serverName(entry)} did not answer within ${ms} ms`;
}

export function upstreamUnresolvableText(entry: Pick<UpstreamEntry, 'key' | 'description'>): string {
  return `Bad Gateway: media server ${serverName(entry)} cannot be reached (its name does not resolve)`;
}

export function noEventRelayText(entry: Pick<UpstreamEntry, 'key' | 'description'>): string {
  return `Bad Gateway: no event relay toward media server ${serverName(entry)}`;
}

/** The answer arrived but cannot be relayed (an invalid status line, cut off mid-body): `what` says which. */
export function upstreamBadAnswerText(entry: Pick<UpstreamEntry, 'key' | 'description'>, what: string): string {
  return `Bad Gateway: media server ${serverName(entry)} gave an answer that cannot be relayed (${what})`;
}
