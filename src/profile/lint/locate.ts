// Precise positions for findings: the attribute a rule talks about, and the
// column of one token inside a comma list.
import type { SourcePosition } from '../../device-profile/model.js';
import type { XmlDocument, XmlElement } from '../../xml/types.js';
import { childElements, getAttribute } from '../../xml/tree.js';

/** The first child element of the root named `name` (e.g. TranscodingProfiles). */
export function topLevelElement(doc: XmlDocument, name: string): XmlElement | undefined {
  return childElements(doc.root).find((c) => c.name === name);
}

/** Index of elements by their start position, to get from a model item back to its XML. */
export function elementIndex(doc: XmlDocument): Map<string, XmlElement> {
  const map = new Map<string, XmlElement>();
  const walk = (el: XmlElement): void => {
    map.set(`${el.pos.line}:${el.pos.column}`, el);
    for (const c of el.children) if (c.type === 'element') walk(c);
  };
  walk(doc.root);
  return map;
}

/**
 * Position of `token` (lower-case) in the list attribute `attr` of the element
 * at `pos`; the attribute's value start when the token cannot be located, the
 * element itself when the attribute is absent.
 */
export function tokenPosition(
  index: Map<string, XmlElement>,
  doc: XmlDocument,
  pos: SourcePosition,
  attr: string,
  token?: string,
): SourcePosition {
  const el = index.get(`${pos.line}:${pos.column}`);
  const a = el ? getAttribute(el, attr) : undefined;
  if (!a) return pos;
  if (token === undefined) return a.valuePos;
  const raw = doc.text.slice(a.valueSpan.start, a.valueSpan.end);
  if (raw.includes('&') || raw.includes('\n')) return a.valuePos;
  let offset = 0;
  for (const part of raw.replace(/^-/, '').split(',')) {
    if (part.toLowerCase() === token)
      return { line: a.valuePos.line, column: a.valuePos.column + offset + (raw.startsWith('-') ? 1 : 0) };
    offset += part.length + 1;
  }
  return a.valuePos;
}
