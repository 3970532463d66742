// The catalog is the hand-off point of the bridge's data flow:
//   sources (static URL, Jellyfin, pod-side SSDP, Kubernetes) -> catalog
//   catalog -> LAN advertiser (SSDP) and HTTP proxy.
// Sources only report what they see; the catalog decides what changed.
import type { DeviceDescription } from '../upnp/description.js';

/** One upstream media server the bridge makes visible on the LAN. */
export interface UpstreamEntry {
  /** URL-safe key, stable for the root UDN; the proxy serves this upstream under /u/{key}/. */
  key: string;
  /** Root device UDN ("uuid:..."): the TV sees the upstream's own identity. */
  udn: string;
  /** The upstream's own description URL (pod side, not reachable from the LAN). */
  location: URL;
  description: DeviceDescription;
  /** Raw description text; the proxy never needs it but CONFIGID is derived from it. */
  descriptionText: string;
  /** CONFIGID.UPNP.ORG: changes whenever the description text changes (31-bit, UDA 1.1). */
  configId: number;
  /** Name of the source that reported it, for logs and /readyz. */
  source: string;
}

/** What a source reports: a description it fetched, or that a server went away (sources/source.ts emits these). */
export type SourceEvent =
  | { kind: 'up'; source: string; location: URL; descriptionText: string }
  | { kind: 'down'; source: string; location: URL; reason: string };

/**
 * Catalog change notifications. `changed` means the location or description
 * changed: the advertiser starts a new announcement round with a new BOOTID.
 */
export interface CatalogEvents {
  added: [entry: UpstreamEntry];
  changed: [entry: UpstreamEntry, previous: UpstreamEntry];
  removed: [entry: UpstreamEntry, reason: string];
}
