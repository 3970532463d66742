// Where a control point sends its SOAP and GENA requests: each service's
// control, event and SCPD URL from a device description, made absolute the way
// control points do it (URLBase when present, else the description's own URL,
// LOCATION). Pure; the guards against hostile XML are description.ts's.
import { parseDescriptionRoot, type DescriptionNode } from './description.js';

export interface ServiceUrls {
  serviceType: string;
  controlUrl: string;
  eventSubUrl: string;
  scpdUrl: string;
}

/** Every service of the root device and its embedded devices, depth-first; an unresolvable URL is ''. */
export function parseServiceUrls(xml: string, location: string): ServiceUrls[] {
  const root = parseDescriptionRoot(xml);
  const base = typeof root['URLBase'] === 'string' && root['URLBase'] ? root['URLBase'] : location;
  const abs = (u: unknown): string => {
    try {
      return new URL(typeof u === 'string' ? u : '', base).href;
    } catch {
      return '';
    }
  };
  const out: ServiceUrls[] = [];
  const visit = (devices: DescriptionNode[] | undefined, depth: number): void => {
    if (!devices || depth > 8) return;
    for (const d of devices) {
      for (const s of ((d['serviceList'] as DescriptionNode | undefined)?.['service'] as
        DescriptionNode[] | undefined) ?? []) {
        out.push({
          serviceType: String(s['serviceType'] ?? ''),
          controlUrl: abs(s['controlURL']),
          eventSubUrl: abs(s['eventSubURL']),
          scpdUrl: abs(s['SCPDURL']),
        });
      }
      visit((d['deviceList'] as DescriptionNode | undefined)?.['device'] as DescriptionNode[] | undefined, depth + 1);
    }
  };
  visit(root['device'] as DescriptionNode[] | undefined, 0);
  return out;
}
