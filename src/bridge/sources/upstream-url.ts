// `--upstream URL`: one source per URL, whichever kind of URL it is. A path
// ending in .xml is a device description; anything else is tried as a
// Jellyfin base URL first, then as a description, and the first mode that
// works is kept for that URL.
import { publicUrl, redactUrl, upstreamLabel } from '../../util/redact-url.js';
import { PollingSource, type PollingOptions, type ProbeResult } from './polling-source.js';
import { fetchDescription, NotADescriptionError } from './static-url/description-probe.js';
import { probeJellyfin } from './jellyfin/jellyfin-probe.js';
import { NotJellyfinError } from './jellyfin/system-info.js';
import { UpstreamProbeError } from './upstream-failure.js';

export type UpstreamMode = 'description' | 'jellyfin';

export interface UpstreamSourceOptions extends PollingOptions {
  /** Per-fetch time limit. */
  timeoutMs?: number;
  /** Skip detection. */
  mode?: UpstreamMode;
  /** The upstream's name in health reports (default: its URL's host and path, see upstreamLabel). */
  healthName?: string;
}

export class UpstreamUrlError extends Error {
  override name = 'UpstreamUrlError';
}

/** Validates an upstream URL (the caller names the setting it came from): an absolute http:// URL (the bridge speaks plain HTTP to upstreams, as DLNA does). */
export function parseUpstreamUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UpstreamUrlError(
      `${JSON.stringify(redactUrl(text))} is not a URL (expected e.g. http://jellyfin:8096 or http://10.42.0.5:8200/rootDesc.xml)`,
    );
  }
  if (url.protocol !== 'http:') throw new UpstreamUrlError(`${publicUrl(url)}: only http:// upstreams are supported`);
  return url;
}

export function guessMode(url: URL): UpstreamMode {
  return url.pathname.toLowerCase().endsWith('.xml') ? 'description' : 'jellyfin';
}

export function createUpstreamSource(url: URL, options: UpstreamSourceOptions = {}): PollingSource {
  let mode: UpstreamMode | undefined = options.mode ?? (guessMode(url) === 'description' ? 'description' : undefined);
  const fetchOptions = { timeoutMs: options.timeoutMs };
  const probe = async (): Promise<ProbeResult> => {
    if (mode === 'description') return fetchDescription(url, fetchOptions);
    if (mode === 'jellyfin') return probeJellyfin(url, fetchOptions);
    try {
      const found = await probeJellyfin(url, fetchOptions);
      mode = 'jellyfin';
      return found;
    } catch (err) {
      if (!(err instanceof NotJellyfinError)) throw err;
      try {
        const found = await fetchDescription(url, fetchOptions);
        mode = 'description';
        return found;
      } catch (second) {
        if (second instanceof NotADescriptionError) {
          // The description's kind (an HTTP status, not XML) is what the user acts on.
          throw new UpstreamProbeError(
            second.kind,
            `${second.message}; and ${publicUrl(url)} is not a Jellyfin server either (${err.message})`,
          );
        }
        throw second;
      }
    }
  };
  // The name shows in logs, /readyz and the `upstream` metric label: never userinfo or a query.
  const label = options.healthName ?? upstreamLabel(url);
  return new PollingSource(`upstream ${upstreamLabel(url)}`, probe, { ...options, healthName: label });
}
