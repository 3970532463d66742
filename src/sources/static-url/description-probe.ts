// The plain mode of --upstream: the URL of any UPnP device description
// (minidlna's http://host:8200/rootDesc.xml, gerbera's, a Jellyfin
// description URL given directly). Fetched bounded in size and time
// (src/upnp/fetch.ts): an upstream that stalls or sends endless data is down,
// not a hung bridge. DNS is resolved on every look, so a server that moves to
// another address under the same name is followed; the request goes to the
// address with it as the Host header (src/net/address-url.ts: minidlna answers
// 404 to a name), while the location reported stays the URL as given.
import { withResolvedAddress } from '../../net/address-url.js';
import { boundedGet, DEFAULT_FETCH_TIMEOUT_MS } from '../../upnp/fetch.js';
import { MAX_DESCRIPTION_BYTES } from '../../upnp/description.js';
import { redactUrl } from '../../rewrite/redact-url.js';
import type { ProbeResult } from '../polling-source.js';

export interface DescriptionProbeOptions {
  timeoutMs?: number;
  /**
   * 'address' (the default): a named host is resolved and the Host header is
   * the address. 'as-given': the Host header names the host as the URL does
   * (Jellyfin builds its description's URLs from Host, and has no such check).
   */
  hostHeader?: 'address' | 'as-given';
}

export class NotADescriptionError extends Error {
  override name = 'NotADescriptionError';
}

export async function fetchDescription(url: URL, options: DescriptionProbeOptions = {}): Promise<ProbeResult> {
  const target = options.hostHeader === 'as-given' ? url : await withResolvedAddress(url, options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS);
  const res = await boundedGet(target, { timeoutMs: options.timeoutMs, maxBytes: MAX_DESCRIPTION_BYTES });
  if (res.status !== 200) throw new NotADescriptionError(`${redactUrl(url.href)} answered HTTP ${res.status}, not a device description`);
  const text = res.body.toString('utf8');
  // The catalog parses (and refuses) descriptions; this only tells "some XML
  // with a <root>" from an HTML page, so Jellyfin auto-detection can fall back.
  if (!/<(?:[A-Za-z_][\w.-]*:)?root[\s>]/.test(text)) throw new NotADescriptionError(`${redactUrl(url.href)} is not a UPnP device description`);
  return { location: url, descriptionText: text };
}
