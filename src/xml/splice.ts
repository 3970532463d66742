// Edits as splices on the original XML text: everything outside the spliced
// ranges stays byte-identical (comments, attribute order, spacing, line ends).
// Used by profile fix and by the Jellyfin encoding.xml editor.
import type { XmlElement } from './types.js';

export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** Apply non-overlapping splices (any order). Overlaps are a planning bug: throw. */
export function applySplices(text: string, splices: readonly Splice[]): string {
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) throw new Error(`overlapping edits at offset ${s.start}`);
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

/** Start of the line containing `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** True when only spaces/tabs precede `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

/**
 * Remove an element: its whole line(s) when it stands alone on them (so no
 * blank line is left behind), otherwise just its characters.
 */
export function removeElement(text: string, el: XmlElement): Splice {
  const { start, end } = el.span;
  if (startsLine(text, start)) {
    const nl = text.indexOf('\n', end);
    const lineEnd = nl === -1 ? text.length : nl;
    if (/^[ \t\r]*$/.test(text.slice(end, lineEnd))) {
      return { start: lineStartOf(text, start), end: nl === -1 ? text.length : nl + 1, text: '' };
    }
  }
  return { start, end, text: '' };
}
