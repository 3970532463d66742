// GENA SUBSCRIBE carries CALLBACK: <url>[<url>...], where the upstream will
// send event NOTIFYs. CallStranger (CVE-2020-12695) abuses this to make a UPnP
// device send traffic to any host; UDA 2.0 says callbacks off the local segment
// shall not be accepted, and miniupnpd accepts only the subscriber's own
// address. So does this proxy: every callback URL must be http:// and name the
// IP address the SUBSCRIBE came from.
//
// Delivery of events: the upstream is given the bridge's event relay as its
// CALLBACK and the relay passes each NOTIFY on to these URLs (gena-relay.ts).
// Pure.
import { normalizeAddress } from '../../net/cidr.js';

export type CallbackVerdict = { ok: true; urls: string[] } | { ok: false; status: 403 | 412; reason: string };

const MAX_CALLBACK_URLS = 8;

export function checkCallback(header: string, subscriberAddress: string): CallbackVerdict {
  const subscriber = normalizeAddress(subscriberAddress);
  const trimmed = header.trim();
  if (!/^(?:<[^<>]*>\s*)+$/.test(trimmed)) {
    return { ok: false, status: 412, reason: 'Precondition Failed: CALLBACK must be one or more <http://...> URLs' };
  }
  const urls = [...trimmed.matchAll(/<([^<>]*)>/g)].map((m) => m[1]!.trim());
  if (urls.length > MAX_CALLBACK_URLS)
    return { ok: false, status: 412, reason: `Precondition Failed: more than ${MAX_CALLBACK_URLS} CALLBACK URLs` };
  for (const text of urls) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, status: 412, reason: 'Precondition Failed: a CALLBACK URL is not a URL' };
    }
    if (url.protocol !== 'http:')
      return { ok: false, status: 412, reason: 'Precondition Failed: CALLBACK URLs must be http://' };
    if (url.hostname !== subscriber) {
      return {
        ok: false,
        status: 403,
        reason: `Forbidden: CALLBACK must name the subscriber's own address ${subscriber}, not ${url.hostname} (CallStranger, CVE-2020-12695)`,
      };
    }
  }
  return { ok: true, urls };
}
