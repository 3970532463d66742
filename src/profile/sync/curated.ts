// The curated profiles shipped in profiles/ and how sync fills them in. A
// profile may carry the placeholder @TV_USER_AGENT@ (the generic "H.264-only
// TV"): as shipped it matches no device, and sync replaces it with the
// --tv-user-agent substring. Without that flag such a profile is not
// installed, because a guessed catch-all would silently change what every
// other DLNA client gets.

import { escapeAttribute } from '../../xml/entities.js';

export const TV_USER_AGENT_PLACEHOLDER = '@TV_USER_AGENT@';

export function needsUserAgent(text: string): boolean {
  return text.includes(TV_USER_AGENT_PLACEHOLDER);
}

/** Fill the placeholder (it only appears inside attribute values); undefined when a needed value is missing. */
export function renderCurated(text: string, tvUserAgent: string | undefined): string | undefined {
  if (!needsUserAgent(text)) return text;
  if (tvUserAgent === undefined) return undefined;
  return text.split(TV_USER_AGENT_PLACEHOLDER).join(escapeAttribute(tvUserAgent));
}

/** A usable User-Agent substring: non-empty, printable, bounded. Returns why not, or undefined. */
export function checkUserAgent(ua: string): string | undefined {
  if (ua.trim() === '') return 'must not be empty (an empty substring would match every client)';
  if (ua.length > 200) return 'is longer than 200 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(ua)) return 'contains control characters';
  return undefined;
}
