// Which profile Jellyfin's DLNA server uses for a request, as
// jellyfin-plugin-dlna's DlnaManager decides it:
// - profiles are ordered user first, then system, each by file name
//   (DeviceProfileInfo.Name = file name without extension);
// - GetProfile(headers) takes the first profile whose Identification is set and
//   whose Headers list has ANY HttpHeaderInfo matching the request;
// - header names are looked up case-insensitively (ASP.NET IHeaderDictionary);
//   an empty or absent header never matches; Equals compares the whole value
//   ignoring case, Substring is a case-insensitive contains, Regex is
//   Regex.IsMatch with IgnoreCase;
// - a profile without Identification or without Headers is never selected
//   (then Jellyfin falls back to its built-in default profile).
import type { DeviceIdentification, DeviceProfile, HttpHeaderInfo } from './model.js';

/** Request headers as Node gives them (lower-case names) or any name -> value(s) map. */
export type RequestHeaders = Record<string, string | readonly string[] | undefined>;

export interface ProfileCandidate {
  profile: DeviceProfile;
  path: string;
  kind: 'user' | 'system';
}

function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() !== wanted) continue;
    const v = headers[key];
    // StringValues converts to one string by joining multiple values with ','.
    const s = v === undefined ? undefined : typeof v === 'string' ? v : v.join(',');
    if (s) return s;
  }
  return undefined;
}

/** DlnaManager.IsMatch(headers, HttpHeaderInfo). */
export function headerMatches(header: HttpHeaderInfo, headers: RequestHeaders): boolean {
  if (!header.name) return false; // "Handle invalid user setup"
  const value = headerValue(headers, header.name);
  if (value === undefined) return false;
  switch (header.match) {
    case 'Equals':
      return value.toLowerCase() === header.value.toLowerCase();
    case 'Substring':
      return value.toLowerCase().includes(header.value.toLowerCase());
    case 'Regex': {
      const re = compileHeaderRegex(header.value);
      return re !== undefined && re.test(value);
    }
    default:
      return false;
  }
}

/**
 * The pattern as a JavaScript RegExp (IgnoreCase), or undefined when it does not
 * compile. .NET and JavaScript regex syntax agree on what profiles use.
 */
export function compileHeaderRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'i');
  } catch {
    return undefined;
  }
}

/** DlnaManager.IsMatch(headers, DeviceIdentification): any header rule matching selects the profile. */
export function identificationMatches(ident: DeviceIdentification | undefined, headers: RequestHeaders): boolean {
  if (!ident) return false;
  return ident.headers.some((h) => headerMatches(h, headers));
}

const collator = new Intl.Collator('en');

function baseName(path: string): string {
  const file = path.slice(path.lastIndexOf('/') + 1);
  const dot = file.lastIndexOf('.');
  return dot > 0 ? file.slice(0, dot) : file;
}

/** DlnaManager.GetProfiles() order: user before system, then by file name without extension. */
export function orderProfiles<T extends ProfileCandidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort((a, b) => {
    if (a.kind !== b.kind) return a.kind === 'user' ? -1 : 1;
    return collator.compare(baseName(a.path), baseName(b.path));
  });
}

/** DlnaManager.GetProfile(headers): the first profile in Jellyfin's order that matches, or undefined (built-in default). */
export function selectProfile<T extends ProfileCandidate>(
  candidates: readonly T[],
  headers: RequestHeaders,
): T | undefined {
  return orderProfiles(candidates).find((c) => identificationMatches(c.profile.identification, headers));
}
