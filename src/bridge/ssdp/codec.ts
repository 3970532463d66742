// SSDP wire format (UDA 1.1 §1): parse a received datagram into a typed message
// or a typed reason, and serialize the messages this bridge sends.
// Pure. The parser never throws: every datagram off the wire is hostile until
// proven otherwise (pupnp CVE-2012-5958..5965, minissdpd CVE-2016-3178).
import {
  MAX_DATAGRAM_BYTES,
  MAX_HEADER_COUNT,
  MAX_HEADER_LINE_BYTES,
  MAX_31_BIT,
  MAX_SENT_MESSAGE_BYTES,
  SSDP_HOST,
} from './constants.js';

/** Why a datagram was refused; each reason is a metrics label. */
export type ParseFailure =
  | 'oversized'
  | 'empty'
  | 'binary'
  | 'bad-start-line'
  | 'unknown-method'
  | 'unsupported-status'
  | 'too-many-headers'
  | 'header-too-long'
  | 'bad-header'
  | 'duplicate-header'
  | 'missing-header'
  | 'bad-value';

export const PARSE_FAILURES: readonly ParseFailure[] = [
  'oversized',
  'empty',
  'binary',
  'bad-start-line',
  'unknown-method',
  'unsupported-status',
  'too-many-headers',
  'header-too-long',
  'bad-header',
  'duplicate-header',
  'missing-header',
  'bad-value',
];

/** Header names lower-cased (SSDP header names are case-insensitive). */
export type Headers = ReadonlyMap<string, string>;

export interface SearchMessage {
  type: 'search';
  host: string;
  st: string;
  /** Absent in a unicast search; a multicast one without it is dropped by policy. */
  mx: number | undefined;
  userAgent: string | undefined;
  headers: Headers;
}

export type NotificationSubType = 'ssdp:alive' | 'ssdp:byebye' | 'ssdp:update';

export interface NotifyMessage {
  type: 'notify';
  nts: NotificationSubType;
  nt: string;
  usn: string;
  /** Present for alive and update (required there). */
  location: string | undefined;
  maxAge: number | undefined;
  server: string | undefined;
  bootId: number | undefined;
  configId: number | undefined;
  headers: Headers;
}

export interface ResponseMessage {
  type: 'response';
  st: string;
  usn: string;
  location: string;
  maxAge: number | undefined;
  server: string | undefined;
  bootId: number | undefined;
  configId: number | undefined;
  headers: Headers;
}

export type SsdpMessage = SearchMessage | NotifyMessage | ResponseMessage;

export type ParseResult = { ok: true; message: SsdpMessage } | { ok: false; reason: ParseFailure; detail: string };

const fail = (reason: ParseFailure, detail: string): ParseResult => ({ ok: false, reason, detail });

// RFC 9110 token characters for a header name.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Bytes that never appear in an SSDP header block: C0 controls except HT, LF, CR, and DEL.
// eslint-disable-next-line no-control-regex -- matching control bytes is the point
const CONTROL_BYTES = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/;
// A header whose duplicate would make the message ambiguous (which ST? which LOCATION?).
const SINGLE_VALUED = new Set([
  'host',
  'st',
  'nt',
  'nts',
  'usn',
  'location',
  'mx',
  'man',
  'cache-control',
  'bootid.upnp.org',
  'configid.upnp.org',
]);

function parseUint(value: string | undefined, max: number): number | undefined | null {
  if (value === undefined) return undefined;
  if (!/^\d{1,10}$/.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}

/** `max-age=N` out of CACHE-CONTROL (other directives are allowed beside it). */
export function parseMaxAge(cacheControl: string | undefined): number | undefined {
  if (cacheControl === undefined) return undefined;
  const m = /(?:^|[,\s])max-age\s*=\s*"?(\d{1,9})"?/i.exec(cacheControl);
  return m ? Number(m[1]) : undefined;
}

/** Parses one datagram. Never throws. */
export function parseSsdp(datagram: Uint8Array): ParseResult {
  if (datagram.length > MAX_DATAGRAM_BYTES)
    return fail('oversized', `${datagram.length} bytes > ${MAX_DATAGRAM_BYTES}`);
  if (datagram.length === 0) return fail('empty', 'empty datagram');
  // latin1 maps each byte to one char: no decoder surprises, lengths stay byte counts.
  const text = Buffer.from(datagram.buffer, datagram.byteOffset, datagram.length).toString('latin1');
  const end = headerBlockEnd(text);
  const head = text.slice(0, end);
  if (CONTROL_BYTES.test(head)) return fail('binary', 'control bytes in the header block');
  const lines = head.split('\n');
  const startLine = stripCr(lines[0] ?? '');
  if (startLine.length > MAX_HEADER_LINE_BYTES) return fail('header-too-long', 'start line too long');

  const headers = new Map<string, string>();
  let count = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = stripCr(lines[i]!);
    if (line === '') break; // end of headers (only possible for the last element)
    if (++count > MAX_HEADER_COUNT) return fail('too-many-headers', `more than ${MAX_HEADER_COUNT} headers`);
    if (line.length > MAX_HEADER_LINE_BYTES) return fail('header-too-long', `header line of ${line.length} bytes`);
    const colon = line.indexOf(':');
    if (colon <= 0) return fail('bad-header', 'header line without a name and colon');
    const name = line.slice(0, colon);
    // No whitespace before the colon and no obsolete line folding (RFC 9112 §5.1, §5.2).
    if (!HEADER_NAME.test(name)) return fail('bad-header', 'invalid header name');
    const key = name.toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (headers.has(key)) {
      if (SINGLE_VALUED.has(key)) return fail('duplicate-header', `duplicate ${name}`);
      continue; // keep the first of a harmless duplicate
    }
    headers.set(key, value);
  }

  if (startLine.startsWith('HTTP/')) return parseResponse(startLine, headers);
  const m = /^([A-Z-]+) (\S+) HTTP\/1\.[01]$/.exec(startLine);
  if (!m) return fail('bad-start-line', 'not an HTTP/1.x request or status line');
  if (m[2] !== '*') return fail('bad-start-line', 'request target is not *');
  if (m[1] === 'M-SEARCH') return parseSearch(headers);
  if (m[1] === 'NOTIFY') return parseNotify(headers);
  return fail('unknown-method', `method ${m[1]}`);
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Index just past the header block: the first empty line (CRLF or bare LF), or the whole text. */
function headerBlockEnd(text: string): number {
  const crlf = text.indexOf('\r\n\r\n');
  const lf = text.indexOf('\n\n');
  const candidates = [crlf >= 0 ? crlf + 2 : -1, lf >= 0 ? lf + 1 : -1].filter((i) => i >= 0);
  return candidates.length ? Math.min(...candidates) : text.length;
}

function missingHeader(headers: Map<string, string>, names: string[]): string | undefined {
  for (const n of names) if (!headers.get(n)) return n.toUpperCase();
  return undefined;
}

function parseSearch(headers: Map<string, string>): ParseResult {
  const missing = missingHeader(headers, ['host', 'man', 'st']);
  if (missing) return fail('missing-header', `M-SEARCH without ${missing}`);
  // UDA requires the quotes; some control points omit them, the meaning is unambiguous.
  const man = headers.get('man')!;
  if (man !== '"ssdp:discover"' && man !== 'ssdp:discover') return fail('bad-value', 'MAN is not "ssdp:discover"');
  const mx = parseUint(headers.get('mx'), 0xffff);
  // UDA 1.1 §1.3.2: a search with an MX that is not an integer is dropped.
  if (mx === null) return fail('bad-value', 'MX is not an integer');
  return {
    ok: true,
    message: {
      type: 'search',
      host: headers.get('host')!,
      st: headers.get('st')!,
      mx,
      userAgent: headers.get('user-agent'),
      headers,
    },
  };
}

function upnpIds(headers: Map<string, string>): { bootId: number | undefined; configId: number | undefined } | null {
  const bootId = parseUint(headers.get('bootid.upnp.org'), MAX_31_BIT);
  const configId = parseUint(headers.get('configid.upnp.org'), MAX_31_BIT);
  if (bootId === null || configId === null) return null;
  return { bootId, configId };
}

function parseNotify(headers: Map<string, string>): ParseResult {
  const missing = missingHeader(headers, ['host', 'nt', 'nts', 'usn']);
  if (missing) return fail('missing-header', `NOTIFY without ${missing}`);
  const nts = headers.get('nts')!;
  if (nts !== 'ssdp:alive' && nts !== 'ssdp:byebye' && nts !== 'ssdp:update') return fail('bad-value', `NTS ${nts}`);
  if (nts !== 'ssdp:byebye' && !headers.get('location')) return fail('missing-header', `${nts} without LOCATION`);
  const ids = upnpIds(headers);
  if (!ids) return fail('bad-value', 'BOOTID.UPNP.ORG or CONFIGID.UPNP.ORG is not a 31-bit integer');
  return {
    ok: true,
    message: {
      type: 'notify',
      nts,
      nt: headers.get('nt')!,
      usn: headers.get('usn')!,
      location: headers.get('location') || undefined,
      maxAge: parseMaxAge(headers.get('cache-control')),
      server: headers.get('server'),
      ...ids,
      headers,
    },
  };
}

function parseResponse(startLine: string, headers: Map<string, string>): ParseResult {
  const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(startLine);
  if (!m) return fail('bad-start-line', 'malformed status line');
  if (m[1] !== '200') return fail('unsupported-status', `status ${m[1]}`);
  const missing = missingHeader(headers, ['st', 'usn', 'location']);
  if (missing) return fail('missing-header', `search response without ${missing}`);
  const ids = upnpIds(headers);
  if (!ids) return fail('bad-value', 'BOOTID.UPNP.ORG or CONFIGID.UPNP.ORG is not a 31-bit integer');
  return {
    ok: true,
    message: {
      type: 'response',
      st: headers.get('st')!,
      usn: headers.get('usn')!,
      location: headers.get('location')!,
      maxAge: parseMaxAge(headers.get('cache-control')),
      server: headers.get('server'),
      ...ids,
      headers,
    },
  };
}

// ---------------------------------------------------------------- serialize

export class SsdpEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SsdpEncodeError';
  }
}

/** A value we put on the wire: printable, no CR/LF (header injection), not empty unless allowed. */
function checkValue(name: string, value: string, allowEmpty = false): string {
  // eslint-disable-next-line no-control-regex -- matching control bytes is the point
  if ((!allowEmpty && value === '') || /[\x00-\x1f\x7f]/.test(value))
    throw new SsdpEncodeError(`invalid ${name} value: ${JSON.stringify(value)}`);
  return value;
}

function encode(startLine: string, fields: Array<[string, string | number]>): Buffer {
  let out = `${startLine}\r\n`;
  for (const [name, value] of fields) {
    const v = checkValue(name, String(value), name === 'EXT');
    // EXT is sent with an empty value: "EXT:" (UDA 1.1 §1.3.3).
    out += v === '' ? `${name}:\r\n` : `${name}: ${v}\r\n`;
  }
  out += '\r\n';
  const buf = Buffer.from(out, 'latin1');
  if (buf.length > MAX_SENT_MESSAGE_BYTES)
    throw new SsdpEncodeError(`${startLine.split(' ')[0]} of ${buf.length} bytes exceeds ${MAX_SENT_MESSAGE_BYTES}`);
  return buf;
}

export interface UpnpIds {
  bootId: number;
  configId: number;
}

export interface AliveFields extends UpnpIds {
  nt: string;
  usn: string;
  location: string;
  maxAge: number;
  server: string;
}

export function serializeAlive(f: AliveFields): Buffer {
  return encode('NOTIFY * HTTP/1.1', [
    ['HOST', SSDP_HOST],
    ['CACHE-CONTROL', `max-age=${f.maxAge}`],
    ['LOCATION', f.location],
    ['NT', f.nt],
    ['NTS', 'ssdp:alive'],
    ['SERVER', f.server],
    ['USN', f.usn],
    ['BOOTID.UPNP.ORG', f.bootId],
    ['CONFIGID.UPNP.ORG', f.configId],
  ]);
}

export interface ByebyeFields extends UpnpIds {
  nt: string;
  usn: string;
}

export function serializeByebye(f: ByebyeFields): Buffer {
  return encode('NOTIFY * HTTP/1.1', [
    ['HOST', SSDP_HOST],
    ['NT', f.nt],
    ['NTS', 'ssdp:byebye'],
    ['USN', f.usn],
    ['BOOTID.UPNP.ORG', f.bootId],
    ['CONFIGID.UPNP.ORG', f.configId],
  ]);
}

export interface UpdateFields extends UpnpIds {
  nt: string;
  usn: string;
  location: string;
  nextBootId: number;
}

export function serializeUpdate(f: UpdateFields): Buffer {
  if (!(f.nextBootId > f.bootId)) throw new SsdpEncodeError('NEXTBOOTID.UPNP.ORG must be greater than BOOTID.UPNP.ORG');
  return encode('NOTIFY * HTTP/1.1', [
    ['HOST', SSDP_HOST],
    ['LOCATION', f.location],
    ['NT', f.nt],
    ['NTS', 'ssdp:update'],
    ['USN', f.usn],
    ['BOOTID.UPNP.ORG', f.bootId],
    ['CONFIGID.UPNP.ORG', f.configId],
    ['NEXTBOOTID.UPNP.ORG', f.nextBootId],
  ]);
}

export interface SearchFields {
  st: string;
  /** Omit for a unicast search (then `host` is the target's address:port). */
  mx?: number;
  host?: string;
  userAgent: string;
}

export function serializeSearch(f: SearchFields): Buffer {
  const fields: Array<[string, string | number]> = [
    ['HOST', f.host ?? SSDP_HOST],
    ['MAN', '"ssdp:discover"'],
  ];
  if (f.mx !== undefined) fields.push(['MX', f.mx]);
  fields.push(['ST', f.st], ['USER-AGENT', f.userAgent]);
  return encode('M-SEARCH * HTTP/1.1', fields);
}

export interface SearchResponseFields extends UpnpIds {
  st: string;
  usn: string;
  location: string;
  maxAge: number;
  server: string;
  date: Date;
}

export function serializeSearchResponse(f: SearchResponseFields): Buffer {
  return encode('HTTP/1.1 200 OK', [
    ['CACHE-CONTROL', `max-age=${f.maxAge}`],
    // toUTCString() is the RFC 1123 form HTTP dates use: "Sun, 06 Nov 1994 08:49:37 GMT".
    ['DATE', f.date.toUTCString()],
    ['EXT', ''],
    ['LOCATION', f.location],
    ['SERVER', f.server],
    ['ST', f.st],
    ['USN', f.usn],
    ['BOOTID.UPNP.ORG', f.bootId],
    ['CONFIGID.UPNP.ORG', f.configId],
  ]);
}
