// Does a user profile hide a system profile? Jellyfin's DLNA server picks the
// first profile, user profiles before system ones, whose Identification has
// any HttpHeaderInfo matching the request (DlnaManager.GetProfile(headers):
// Equals and Substring compare case-insensitively, Regex with IgnoreCase). So
// a system profile is unreachable when every one of its headers can only match
// requests that one user profile also matches. Decided conservatively: when in
// doubt (regexes that differ), it is not shadowed and stays reported.

import type { HttpHeaderInfo } from '../../device-profile/model.js';

export type HeaderRule = Pick<HttpHeaderInfo, 'name' | 'value' | 'match'>;

/** Every request matching `s` also matches `u`. */
export function headerCovers(u: HeaderRule, s: HeaderRule): boolean {
  if (u.name.toLowerCase() !== s.name.toLowerCase() || u.name === '') return false;
  const uv = u.value.toLowerCase();
  const sv = s.value.toLowerCase();
  switch (u.match) {
    case 'Substring':
      // A header containing (or equal to) sv contains uv when sv contains uv.
      return (s.match === 'Substring' || s.match === 'Equals') && uv !== '' && sv.includes(uv);
    case 'Equals':
      return s.match === 'Equals' && uv === sv;
    case 'Regex':
      return s.match === 'Regex' && u.value === s.value;
    default:
      return false;
  }
}

/** The first user profile (in Jellyfin's order) that hides `system`, or undefined. */
export function findShadowingProfile(
  system: readonly HeaderRule[],
  users: ReadonlyArray<{ file: string; headers: readonly HeaderRule[] }>,
): string | undefined {
  if (system.length === 0) return undefined;
  for (const u of users) {
    if (system.every((s) => u.headers.some((h) => headerCovers(h, s)))) return u.file;
  }
  return undefined;
}
