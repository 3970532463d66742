import { DlnaBridgeError } from '../util/errors.js';
import type { XmlPosition } from './types.js';

/** Why a document was refused; stable codes so callers can branch without parsing messages. */
export type XmlErrorCode =
  'XML_MALFORMED' | 'XML_DOCTYPE_REFUSED' | 'XML_ENTITY_REFUSED' | 'XML_LIMIT_EXCEEDED' | 'XML_NO_ROOT';

/** A precise, user-facing parse error: what went wrong, and where (1-based line and column). */
export class XmlParseError extends DlnaBridgeError {
  readonly line: number;
  readonly column: number;
  constructor(
    readonly code: XmlErrorCode,
    /** What is wrong, without the position (the message adds it). */
    readonly reason: string,
    readonly offset: number,
    pos: XmlPosition,
  ) {
    super(`line ${pos.line}, column ${pos.column}: ${reason}`);
    this.line = pos.line;
    this.column = pos.column;
  }
}

/** Line and column of an offset, scanning from the start (only used on the error path and for new text). */
export function positionAt(text: string, offset: number): XmlPosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}
