// Which targets answer a search target (ST), and with which ST and USN.
// UDA 1.1 §1.3.2. Pure.
import type { Target } from './targets.js';

/** One search answer: the ST to echo and the USN to send. */
export interface SearchMatch {
  st: string;
  usn: string;
}

interface Urn {
  /** Everything before the version: "urn:domain:device:type". */
  stem: string;
  version: number;
}

/** "urn:domain:(device|service):type:ver" -> stem + integer version. */
export function parseTypeUrn(text: string): Urn | undefined {
  const m = /^(urn:[^:\s]+:(?:device|service):[^:\s]+):(\d{1,6})$/.exec(text);
  return m ? { stem: m[1]!, version: Number(m[2]) } : undefined;
}

/**
 * The answers to ST among `targets`:
 * - ssdp:all: one answer per message of the round, each with that message's NT as ST;
 * - upnp:rootdevice and uuid:...: the matching target (UUIDs compare case-insensitively);
 * - a device or service type: every target of the same type whose version is at
 *   least the one asked for; the answer's ST and USN carry the version asked for
 *   (a version-2 device answers a version-1 search as version 1).
 */
export function matchSearch(st: string, targets: readonly Target[]): SearchMatch[] {
  if (st === 'ssdp:all') return targets.map((t) => ({ st: t.nt, usn: t.usn }));
  if (st === 'upnp:rootdevice') return targets.filter((t) => t.nt === st).map((t) => ({ st, usn: t.usn }));
  if (/^uuid:/i.test(st)) {
    const wanted = st.toLowerCase();
    return targets.filter((t) => t.nt.toLowerCase() === wanted).map((t) => ({ st, usn: t.usn }));
  }
  const asked = parseTypeUrn(st);
  if (!asked) return [];
  const out: SearchMatch[] = [];
  for (const t of targets) {
    const have = parseTypeUrn(t.nt);
    if (have && have.stem === asked.stem && have.version >= asked.version) out.push({ st, usn: `${t.udn}::${st}` });
  }
  return out;
}
