// Parse a UPnP device description (the XML behind an SSDP LOCATION) into what
// the bridge needs: the root device and its embedded devices (UDN and type),
// the distinct service types, and the names a person recognises.
// Pure: takes text, returns data; hostile XML is refused, never expanded.
import { XMLParser } from 'fast-xml-parser';

export interface DescribedDevice {
  udn: string;
  deviceType: string;
  friendlyName: string;
  manufacturer?: string;
  modelName?: string;
  modelNumber?: string;
}

export interface DeviceDescription {
  /** The root device first, then embedded devices depth-first. */
  root: DescribedDevice;
  embedded: DescribedDevice[];
  /** Distinct service types across all devices, in document order. */
  serviceTypes: string[];
  /** URLBase when present (UDA 1.0); UDA 1.1 devices resolve against LOCATION. */
  urlBase?: string;
}

export class DescriptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DescriptionError';
  }
}

/** Descriptions are small; anything bigger is refused before parsing. */
export const MAX_DESCRIPTION_BYTES = 256 * 1024;
const MAX_DEVICES = 64;

const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => name === 'device' || name === 'service',
});

/** An element as fast-xml-parser gives it: child elements by name, text as strings. */
export type DescriptionNode = Record<string, unknown>;
type Node = DescriptionNode;

function text(node: Node, key: string): string | undefined {
  const v = node[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/**
 * The <root> element of a description, behind the guards every reader of a
 * description needs: bounded size, no DOCTYPE, well-formed, a <root>.
 * <device> and <service> are always arrays.
 */
export function parseDescriptionRoot(xml: string): DescriptionNode {
  if (xml.length > MAX_DESCRIPTION_BYTES)
    throw new DescriptionError(`description larger than ${MAX_DESCRIPTION_BYTES} bytes`);
  // A DOCTYPE is never needed in a device description and is the door to entity
  // expansion attacks: refuse it outright.
  if (/<!DOCTYPE/i.test(xml)) throw new DescriptionError('description contains a DOCTYPE; refused');
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new DescriptionError(`description is not well-formed XML: ${(err as Error).message}`);
  }
  const rootEl = doc['root'] as Node | undefined;
  if (!rootEl || typeof rootEl !== 'object') throw new DescriptionError('no <root> element');
  return rootEl;
}

export function parseDeviceDescription(xml: string): DeviceDescription {
  const rootEl = parseDescriptionRoot(xml);
  const devices = rootEl['device'] as Node[] | undefined;
  const rootDevice = devices?.[0];
  if (!rootDevice) throw new DescriptionError('no <device> under <root>');

  const all: DescribedDevice[] = [];
  const serviceTypes: string[] = [];
  const visit = (dev: Node, depth: number): void => {
    if (depth > 8 || all.length >= MAX_DEVICES) throw new DescriptionError('too many or too deeply nested devices');
    const udn = text(dev, 'UDN');
    const deviceType = text(dev, 'deviceType');
    if (!udn || !/^uuid:[^\s]+$/i.test(udn))
      throw new DescriptionError(`device without a valid UDN (${udn ?? 'none'})`);
    if (!deviceType || !deviceType.startsWith('urn:'))
      throw new DescriptionError(`device ${udn} without a deviceType URN`);
    all.push({
      udn,
      deviceType,
      friendlyName: text(dev, 'friendlyName') ?? '',
      manufacturer: text(dev, 'manufacturer'),
      modelName: text(dev, 'modelName'),
      modelNumber: text(dev, 'modelNumber'),
    });
    const services = ((dev['serviceList'] as Node | undefined)?.['service'] as Node[] | undefined) ?? [];
    for (const s of services) {
      const t = text(s, 'serviceType');
      if (t && t.startsWith('urn:') && !serviceTypes.includes(t)) serviceTypes.push(t);
    }
    const children = ((dev['deviceList'] as Node | undefined)?.['device'] as Node[] | undefined) ?? [];
    for (const child of children) visit(child, depth + 1);
  };
  visit(rootDevice, 0);
  const [root, ...embedded] = all as [DescribedDevice, ...DescribedDevice[]];
  return { root, embedded, serviceTypes, urlBase: text(rootEl, 'URLBase') };
}
