// The plain mode of --upstream: the URL of any UPnP device description
// (minidlna's http://host:8200/rootDesc.xml, gerbera's, a Jellyfin
// description URL given directly). Fetched bounded in size and time
// (src/upnp/fetch.ts): an upstream that stalls or sends endless data is down,
// not a hung bridge. DNS is resolved on every look, so a server that moves to
// another address under the same name is followed.
import { boundedGet } from '../../upnp/fetch.js';
import { MAX_DESCRIPTION_BYTES } from '../../upnp/description.js';
import { redactUrl } from '../../rewrite/redact-url.js';
import type { ProbeResult } from '../polling-source.js';

export interface DescriptionProbeOptions {
  timeoutMs?: number;
}

export class NotADescriptionError extends Error {
  override name = 'NotADescriptionError';
}

export async function fetchDescription(url: URL, options: DescriptionProbeOptions = {}): Promise<ProbeResult> {
  const res = await boundedGet(url, { timeoutMs: options.timeoutMs, maxBytes: MAX_DESCRIPTION_BYTES });
  if (res.status !== 200) throw new NotADescriptionError(`${redactUrl(url.href)} answered HTTP ${res.status}, not a device description`);
  const text = res.body.toString('utf8');
  // The catalog parses (and refuses) descriptions; this only tells "some XML
  // with a <root>" from an HTML page, so Jellyfin auto-detection can fall back.
  if (!/<(?:[A-Za-z_][\w.-]*:)?root[\s>]/.test(text)) throw new NotADescriptionError(`${redactUrl(url.href)} is not a UPnP device description`);
  return { location: url, descriptionText: text };
}
