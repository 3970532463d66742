// Jellyfin mode of --upstream: a Jellyfin base URL. Each look reads the server
// id from /System/Info/Public, then fetches /dlna/{id}/description.xml; a new
// id (a reinstalled server) is a new location.
import { boundedGet } from '../../upnp/fetch.js';
import { publicUrl } from '../../../util/redact-url.js';
import { UpstreamProbeError } from '../upstream-failure.js';
import {
  fetchDescription,
  NotADescriptionError,
  type DescriptionProbeOptions,
} from '../static-url/description-probe.js';
import type { ProbeResult } from '../polling-source.js';
import { NotJellyfinError, dlnaDescriptionUrl, parsePublicSystemInfo, publicInfoUrl } from './system-info.js';

const MAX_INFO_BYTES = 64 * 1024;

export async function probeJellyfin(baseUrl: URL, options: DescriptionProbeOptions = {}): Promise<ProbeResult> {
  const infoUrl = publicInfoUrl(baseUrl);
  const res = await boundedGet(infoUrl, {
    timeoutMs: options.timeoutMs,
    maxBytes: MAX_INFO_BYTES,
    headers: { accept: 'application/json' },
  });
  if (res.status !== 200)
    throw new NotJellyfinError(
      `HTTP status ${res.status} from ${publicUrl(infoUrl)}; not a Jellyfin server`,
      'http_status',
    );
  const info = parsePublicSystemInfo(res.body.toString('utf8'));
  const descriptionUrl = dlnaDescriptionUrl(baseUrl, info.id);
  try {
    // Host as given: Jellyfin builds the description's URLs from it (the rewriter maps that authority back).
    return await fetchDescription(descriptionUrl, { ...options, hostHeader: 'as-given' });
  } catch (err) {
    if (err instanceof NotADescriptionError) {
      // Jellyfin 10.9+ serves DLNA only with the DLNA plugin installed and its server enabled.
      throw new UpstreamProbeError(
        'no_dlna_plugin',
        `DLNA plugin missing: Jellyfin ${JSON.stringify(info.serverName ?? info.id)} answers, but ${publicUrl(descriptionUrl)} gives ${err.answer}, not a DLNA description; install the DLNA plugin and enable its DLNA server`,
      );
    }
    throw err;
  }
}
