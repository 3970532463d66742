// The TV's side of ContentDirectory:1 Browse, just enough to list a server's
// media the way a TV does: a SOAP request, and the DIDL-Lite that comes back
// XML-escaped inside <Result>. Pure: builds and parses text; callers do I/O
// (the demo runs curl inside the TV's namespace). Hostile XML is refused.
import { XMLParser } from 'fast-xml-parser';

export const CONTENT_DIRECTORY = 'urn:schemas-upnp-org:service:ContentDirectory:1';
const MAX_BROWSE_BYTES = 4 * 1024 * 1024;

export interface BrowseRequest {
  soapAction: string;
  body: string;
}

export type BrowseFlag = 'BrowseDirectChildren' | 'BrowseMetadata';

export function buildBrowseRequest(
  objectId: string,
  start = 0,
  count = 200,
  flag: BrowseFlag = 'BrowseDirectChildren',
): BrowseRequest {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const body =
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/">' +
    `<s:Body><u:Browse xmlns:u="${CONTENT_DIRECTORY}">` +
    `<ObjectID>${esc(objectId)}</ObjectID><BrowseFlag>${flag}</BrowseFlag><Filter>*</Filter>` +
    `<StartingIndex>${start}</StartingIndex><RequestedCount>${count}</RequestedCount><SortCriteria></SortCriteria>` +
    '</u:Browse></s:Body></s:Envelope>';
  return { soapAction: `"${CONTENT_DIRECTORY}#Browse"`, body };
}

export interface DidlResource {
  url: string;
  protocolInfo: string;
  size?: number;
}

export interface DidlObject {
  id: string;
  title: string;
  upnpClass: string;
  isContainer: boolean;
  resources: DidlResource[];
}

export interface BrowseResult {
  objects: DidlObject[];
  totalMatches: number;
  /** The DIDL-Lite document as the server sent it (after unescaping). */
  didl: string;
}

export class BrowseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowseError';
  }
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ['container', 'item', 'res'].includes(name),
});

type Node = Record<string, unknown>;

function parseXml(xml: string, what: string): Node {
  if (xml.length > MAX_BROWSE_BYTES) throw new BrowseError(`${what} larger than ${MAX_BROWSE_BYTES} bytes`);
  // No DOCTYPE, so no entity expansion: the same rule as for descriptions.
  if (/<!DOCTYPE/i.test(xml)) throw new BrowseError(`${what} contains a DOCTYPE; refused`);
  try {
    return parser.parse(xml) as Node;
  } catch (err) {
    throw new BrowseError(`${what} is not well-formed XML: ${(err as Error).message}`);
  }
}

function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && '#text' in v) return String((v as Node)['#text']);
  return '';
}

/** Parses a Browse SOAP response; a SOAP fault becomes a BrowseError with its description. */
export function parseBrowseResponse(xml: string): BrowseResult {
  const env = parseXml(xml, 'Browse response')['Envelope'] as Node | undefined;
  const body = env?.['Body'] as Node | undefined;
  if (!body) throw new BrowseError('not a SOAP envelope');
  const fault = body['Fault'] as Node | undefined;
  if (fault) throw new BrowseError(`SOAP fault: ${JSON.stringify(fault).slice(0, 300)}`);
  const response = body['BrowseResponse'] as Node | undefined;
  if (!response) throw new BrowseError('no BrowseResponse in the SOAP body');
  const didl = textOf(response['Result']);
  return { objects: didl ? parseDidl(didl) : [], totalMatches: Number(textOf(response['TotalMatches'])) || 0, didl };
}

export function parseDidl(didl: string): DidlObject[] {
  const doc = parseXml(didl, 'DIDL-Lite');
  if (!('DIDL-Lite' in doc)) throw new BrowseError('no DIDL-Lite root element');
  // An empty container's <DIDL-Lite/> parses to an empty string.
  const root = (typeof doc['DIDL-Lite'] === 'object' ? doc['DIDL-Lite'] : {}) as Node;
  const out: DidlObject[] = [];
  for (const [key, isContainer] of [
    ['container', true],
    ['item', false],
  ] as const) {
    for (const el of (root[key] as Node[] | undefined) ?? []) {
      const resources = ((el['res'] as unknown[] | undefined) ?? []).map((r) => {
        const node = (typeof r === 'object' && r ? r : { '#text': r }) as Node;
        const size = node['@size'] === undefined ? undefined : Number(node['@size']);
        return {
          url: textOf(node),
          protocolInfo: String(node['@protocolInfo'] ?? ''),
          ...(size !== undefined ? { size } : {}),
        };
      });
      out.push({
        id: String(el['@id'] ?? ''),
        title: textOf(el['title']),
        upnpClass: textOf(el['class']),
        isContainer,
        resources,
      });
    }
  }
  return out;
}
