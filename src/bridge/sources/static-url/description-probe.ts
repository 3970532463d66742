// The plain mode of --upstream: the URL of any UPnP device description
// (minidlna's http://host:8200/rootDesc.xml, gerbera's, a Jellyfin
// description URL given directly). Fetched bounded in size and time
// (src/bridge/upnp/fetch.ts): an upstream that stalls or sends endless data is down,
// not a hung bridge. DNS is resolved on every look, so a server that moves to
// another address under the same name is followed; the request goes to the
// address with it as the Host header (src/net/address-url.ts: minidlna answers
// 404 to a name), while the location reported stays the URL as given.
import { withResolvedAddress } from '../../../net/address-url.js';
import { boundedGet, DEFAULT_FETCH_TIMEOUT_MS } from '../../upnp/fetch.js';
import { MAX_DESCRIPTION_BYTES } from '../../upnp/description.js';
import { publicUrl } from '../../../util/redact-url.js';
import { UpstreamProbeError } from '../upstream-failure.js';
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

/** The server answers, but not with a device description (kind "http_status" or "not_description"). */
export class NotADescriptionError extends UpstreamProbeError {
  override name = 'NotADescriptionError';
  constructor(
    kind: 'http_status' | 'not_description',
    message: string,
    /** What it answered instead, in a few words ("HTTP status 404", "not UPnP XML"). */
    readonly answer: string,
  ) {
    super(kind, message);
  }
}

export async function fetchDescription(url: URL, options: DescriptionProbeOptions = {}): Promise<ProbeResult> {
  const target =
    options.hostHeader === 'as-given'
      ? url
      : await withResolvedAddress(url, options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS);
  const res = await boundedGet(target, { timeoutMs: options.timeoutMs, maxBytes: MAX_DESCRIPTION_BYTES });
  if (res.status !== 200)
    throw new NotADescriptionError(
      'http_status',
      `HTTP status ${res.status} from ${publicUrl(url)} (expected a device description)`,
      `HTTP status ${res.status}`,
    );
  const text = res.body.toString('utf8');
  // The catalog parses (and refuses) descriptions; this only tells "some XML
  // with a <root>" from an HTML page, so Jellyfin auto-detection can fall back.
  if (!/<(?:[A-Za-z_][\w.-]*:)?root[\s>]/.test(text))
    throw new NotADescriptionError(
      'not_description',
      `not a device description: ${publicUrl(url)} answers, but not with UPnP XML (no <root> element)`,
      'not UPnP XML',
    );
  return { location: url, descriptionText: text };
}
