// Character references and the five predefined entities, and nothing else:
// no DTD means no other entity can be defined, so there is nothing to expand
// (no billion-laughs, no external entities).

import { DlnaBridgeError } from '../util/errors.js';

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Thrown by decodeXmlText with the offset (relative to the decoded string's start) of the bad '&'. */
export class EntityError extends DlnaBridgeError {
  readonly code = 'XML_ENTITY_REFUSED';
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Decode references in raw text. `attribute` applies XML attribute-value
 * normalisation (§3.3.3): a literal tab, CR or LF becomes a space.
 */
export function decodeXmlText(raw: string, attribute: boolean): string {
  if (raw.indexOf('&') === -1) {
    // Fast path (most values): nothing to decode, nothing to normalise.
    if (raw.indexOf('\r') === -1 && (!attribute || (raw.indexOf('\n') === -1 && raw.indexOf('\t') === -1))) return raw;
    return plain(raw, attribute);
  }
  let out = '';
  let last = 0;
  for (let amp = raw.indexOf('&'); amp !== -1; amp = raw.indexOf('&', last)) {
    out += plain(raw.slice(last, amp), attribute);
    const semi = raw.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > 12)
      throw new EntityError(amp, "'&' must start an entity such as &amp; (write a literal & as &amp;)");
    const name = raw.slice(amp + 1, semi);
    out += decodeReference(name, amp);
    last = semi + 1;
  }
  return out + plain(raw.slice(last), attribute);
}

function plain(s: string, attribute: boolean): string {
  if (attribute) return s.replace(/\r\n|[\t\n\r]/g, ' ');
  return s.indexOf('\r') === -1 ? s : s.replace(/\r\n?/g, '\n');
}

function decodeReference(name: string, at: number): string {
  const predefined = PREDEFINED[name];
  if (predefined !== undefined) return predefined;
  if (name.startsWith('#')) {
    const hex = name[1] === 'x';
    const digits = name.slice(hex ? 2 : 1);
    if (digits.length === 0 || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) {
      throw new EntityError(at, `invalid character reference '&${name};'`);
    }
    const cp = Number.parseInt(digits, hex ? 16 : 10);
    if (!isXmlChar(cp)) throw new EntityError(at, `character reference '&${name};' is not a character XML allows`);
    return String.fromCodePoint(cp);
  }
  throw new EntityError(
    at,
    `unknown entity '&${name};': only &lt; &gt; &amp; &quot; &apos; and numeric references are allowed (no DTD entities)`,
  );
}

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Escape text for an attribute value in double quotes. */
export function escapeAttribute(value: string): string {
  return value.replace(/[&<>"\t\n\r]/g, (c) => ATTR_ESCAPES[c] ?? c);
}

/** Escape element text content. */
export function escapeText(value: string): string {
  return value.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

const ATTR_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#x9;',
  '\n': '&#xA;',
  '\r': '&#xD;',
};
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#xD;' };
