// Read-only helpers over the lossless tree, so model code reads like the
// document it walks.
import type { XmlAttribute, XmlElement } from './types.js';

export function childElements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.type === 'element') out.push(c);
  return out;
}

export function getAttribute(el: XmlElement, name: string): XmlAttribute | undefined {
  for (const a of el.attributes) if (a.name === name) return a;
  return undefined;
}

/** Concatenated text and CDATA of the element's direct children. */
export function textContent(el: XmlElement): string {
  let out = '';
  for (const c of el.children) if (c.type === 'text') out += c.value;
  return out;
}

/**
 * The whitespace that starts the line `offset` is on, if only whitespace
 * precedes `offset` on that line (the node's indentation); otherwise undefined.
 */
export function indentationAt(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lead = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(lead) ? lead : undefined;
}

/** The line break style the document uses (CRLF when its first line break is CRLF). */
export function lineBreakOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl > 0 && text.charCodeAt(nl - 1) === 0x0d ? '\r\n' : '\n';
}
