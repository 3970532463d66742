// How an upstream is named on the bridge: the URL key under which the proxy
// serves it, and the CONFIGID the advertiser announces. Both are derived, never
// stored, so a restart of the bridge gives the TV the same URLs. Pure.
import { createHash } from 'node:crypto';
import { UPSTREAM_KEY } from './proxy-path.js';

/**
 * The URL-safe key of a root UDN ("uuid:4d696e69-..." -> "4d696e69-..."). UDNs
 * are compared case-insensitively (UUIDs are), so the key is lower case. A UDN
 * with characters that do not belong in a path segment gets a hash instead
 * ("h-" + 24 hex digits), still stable for that UDN.
 */
export function upstreamKey(udn: string): string {
  const id = udn.replace(/^uuid:/i, '').toLowerCase();
  // A UUID-shaped UDN is used as is (lower-cased): readable in logs and URLs.
  if (UPSTREAM_KEY.test(id) && !id.startsWith('h-')) return id;
  return `h-${createHash('sha256').update(udn.toLowerCase()).digest('hex').slice(0, 24)}`;
}

/**
 * CONFIGID.UPNP.ORG for a description text. UDA 1.1 §1.2.2: a non-negative
 * 31-bit integer, where the device assigns values 0..16777215 (2^24-1) and the
 * values above are reserved; so the hash is cut to 24 bits. Any change of the
 * text changes it (with overwhelming probability), which is the point.
 */
export function configIdOf(descriptionText: string): number {
  return createHash('sha256').update(descriptionText).digest().readUInt32BE(0) & 0xffffff;
}
