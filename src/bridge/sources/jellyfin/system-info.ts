// Jellyfin's GET /System/Info/Public (anonymous): its `Id` is the server id in
// the DLNA description URL {base}/dlna/{Id}/description.xml. Pure.
import { UpstreamProbeError, type FailureKind } from '../upstream-failure.js';

export interface JellyfinPublicInfo {
  id: string;
  serverName?: string;
  version?: string;
}

/** Whatever answers is not Jellyfin (kind "http_status" or "not_jellyfin"). */
export class NotJellyfinError extends UpstreamProbeError {
  override name = 'NotJellyfinError';
  constructor(message: string, kind: FailureKind = 'not_jellyfin') {
    super(kind, message);
  }
}

/** Jellyfin ids are 32 hex digits; allow any plain token, never a path. */
const SERVER_ID = /^[A-Za-z0-9-]{1,64}$/;

export function parsePublicSystemInfo(body: string): JellyfinPublicInfo {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new NotJellyfinError('/System/Info/Public is not JSON');
  }
  if (typeof json !== 'object' || json === null) throw new NotJellyfinError('/System/Info/Public is not a JSON object');
  const info = json as Record<string, unknown>;
  const id = info['Id'];
  if (typeof id !== 'string' || !SERVER_ID.test(id)) throw new NotJellyfinError('/System/Info/Public has no usable Id');
  return {
    id,
    serverName: typeof info['ServerName'] === 'string' ? info['ServerName'] : undefined,
    version: typeof info['Version'] === 'string' ? info['Version'] : undefined,
  };
}

/** The base URL with a trailing slash, so relative paths keep Jellyfin's BaseUrl ("/jellyfin/"). */
export function jellyfinBase(baseUrl: URL): URL {
  const base = new URL(baseUrl.href);
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return base;
}

export function publicInfoUrl(baseUrl: URL): URL {
  return new URL('System/Info/Public', jellyfinBase(baseUrl));
}

export function dlnaDescriptionUrl(baseUrl: URL, serverId: string): URL {
  return new URL(`dlna/${serverId}/description.xml`, jellyfinBase(baseUrl));
}
