// Where and how new elements go so they look like their siblings: the same
// indentation and line break style the file already uses.
import { indentationAt, lineBreakOf } from '../../xml/tree.js';
import type { XmlDocument, XmlElement } from '../../xml/types.js';
import { childElements } from '../../xml/tree.js';
import { lineStartOf, startsLine, type Splice } from '../../xml/splice.js';

export interface Layout {
  text: string;
  /** One indentation step (the root's first child's indentation; two spaces when unknown). */
  unit: string;
  nl: string;
}

export function layoutOf(doc: XmlDocument): Layout {
  const first = childElements(doc.root)[0];
  const unit = (first && indentationAt(doc.text, first.span.start)) || '  ';
  return { text: doc.text, unit, nl: lineBreakOf(doc.text) };
}

function indentOf(layout: Layout, el: XmlElement): string {
  return indentationAt(layout.text, el.span.start) ?? layout.unit.repeat(el.depth);
}

/** Lines (with relative indentation) as text at `indent`, each ending with a line break. */
function block(layout: Layout, lines: readonly string[], indent: string): string {
  return lines.map((l) => indent + l + layout.nl).join('');
}

/** Insert `lines` as the last children of `parent` (expanding `<X />` when needed). */
export function appendChildren(layout: Layout, parent: XmlElement, lines: readonly string[]): Splice {
  const { text, nl } = layout;
  const parentIndent = indentOf(layout, parent);
  const kids = childElements(parent);
  const childIndent = kids.length > 0 ? indentOf(layout, kids[kids.length - 1]!) : parentIndent + layout.unit;
  if (parent.selfClosing || !parent.endTag) {
    const open = text.slice(parent.startTag.start, parent.startTag.end).replace(/\s*\/>$/, '>');
    return {
      start: parent.span.start,
      end: parent.span.end,
      text: `${open}${nl}${block(layout, lines, childIndent)}${parentIndent}</${parent.name}>`,
    };
  }
  const endTag = parent.endTag.start;
  if (startsLine(text, endTag))
    return {
      start: lineStartOf(text, endTag),
      end: lineStartOf(text, endTag),
      text: block(layout, lines, childIndent),
    };
  return { start: endTag, end: endTag, text: `${nl}${block(layout, lines, childIndent)}${parentIndent}` };
}

/** Insert `lines` as siblings right before `el`. */
export function insertBefore(layout: Layout, el: XmlElement, lines: readonly string[]): Splice {
  const indent = indentOf(layout, el);
  if (startsLine(layout.text, el.span.start)) {
    const at = lineStartOf(layout.text, el.span.start);
    return { start: at, end: at, text: block(layout, lines, indent) };
  }
  return { start: el.span.start, end: el.span.start, text: lines.join(layout.nl + indent) + layout.nl + indent };
}

/** Insert a new top-level element `<name>` holding `lines`, right after `after` (or as the root's last child). */
export function insertTopLevel(
  layout: Layout,
  root: XmlElement,
  after: XmlElement | undefined,
  name: string,
  lines: readonly string[],
): Splice {
  const wrapped = [`<${name}>`, ...lines.map((l) => layout.unit + l), `</${name}>`];
  if (!after) return appendChildren(layout, root, wrapped);
  const indent = indentOf(layout, after);
  return {
    start: after.span.end,
    end: after.span.end,
    text: layout.nl + wrapped.map((l) => indent + l).join(layout.nl),
  };
}
