// Where a TV sends its SOAP and GENA requests: each service's control, event
// and SCPD URL from a device description, made absolute the way control
// points do it (URLBase when present, else the description's own URL). Pure.
import { XMLParser } from 'fast-xml-parser';
import { DescriptionError, MAX_DESCRIPTION_BYTES } from '../upnp/description.js';

export interface ServiceUrls {
  serviceType: string;
  controlUrl: string;
  eventSubUrl: string;
  scpdUrl: string;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'device' || name === 'service',
});

type Node = Record<string, unknown>;

export function parseServiceUrls(xml: string, location: string): ServiceUrls[] {
  if (xml.length > MAX_DESCRIPTION_BYTES || /<!DOCTYPE/i.test(xml)) throw new DescriptionError('description refused (too large or has a DOCTYPE)');
  const root = (parser.parse(xml) as Node)['root'] as Node | undefined;
  if (!root) throw new DescriptionError('no <root> element');
  const base = typeof root['URLBase'] === 'string' && root['URLBase'] ? root['URLBase'] : location;
  const abs = (u: unknown): string => {
    try {
      return new URL(typeof u === 'string' ? u : '', base).href;
    } catch {
      return '';
    }
  };
  const out: ServiceUrls[] = [];
  const visit = (devices: Node[] | undefined, depth: number): void => {
    if (!devices || depth > 8) return;
    for (const d of devices) {
      for (const s of ((d['serviceList'] as Node | undefined)?.['service'] as Node[] | undefined) ?? []) {
        out.push({
          serviceType: String(s['serviceType'] ?? ''),
          controlUrl: abs(s['controlURL']),
          eventSubUrl: abs(s['eventSubURL']),
          scpdUrl: abs(s['SCPDURL']),
        });
      }
      visit((d['deviceList'] as Node | undefined)?.['device'] as Node[] | undefined, depth + 1);
    }
  };
  visit(root['device'] as Node[] | undefined, 0);
  return out;
}
