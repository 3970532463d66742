// A small, strict, lossless XML parser for configuration files. It keeps the
// offsets and line/column of every node (so findings can point at them and
// fixes can splice the original text), and it refuses what configuration files
// never need and attackers love: DOCTYPE and ENTITY declarations. Only the five
// predefined entities and numeric character references are decoded. Size,
// depth and attribute bounds are enforced while reading, before memory is
// spent. Namespaces are not interpreted: a prefixed name is just a name.
import { EntityError, decodeXmlText } from './entities.js';
import { XmlParseError, positionAt, type XmlErrorCode } from './errors.js';
import {
  DEFAULT_XML_LIMITS,
  type XmlAttribute,
  type XmlDocument,
  type XmlElement,
  type XmlLimits,
  type XmlNode,
  type XmlPosition,
} from './types.js';

const GT = 0x3e; // >
const SLASH = 0x2f;
const EQ = 0x3d;
const QUOT = 0x22;
const APOS = 0x27;
const QMARK = 0x3f;
const BANG = 0x21;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

/** Parse `text` into a lossless tree, or throw XmlParseError saying where and what. */
export function parseXml(text: string, limits: Partial<XmlLimits> = {}): XmlDocument {
  return new Parser(text, { ...DEFAULT_XML_LIMITS, ...limits }).parse();
}

class Parser {
  private i = 0;
  private nodes = 0;
  // Incremental line tracking: positions are requested in increasing offset order.
  private posOffset = 0;
  private line = 1;
  private lineStart = 0;

  constructor(
    private readonly text: string,
    private readonly limits: XmlLimits,
  ) {}

  parse(): XmlDocument {
    const { text, limits } = this;
    if (text.length > limits.maxDocumentLength) {
      this.fail(
        'XML_LIMIT_EXCEEDED',
        `document is ${text.length} characters long; the limit is ${limits.maxDocumentLength}`,
        0,
      );
    }
    if (text.charCodeAt(0) === 0xfeff) this.i = 1; // byte-order mark
    const prolog: XmlNode[] = [];
    const epilog: XmlNode[] = [];
    let root: XmlElement | undefined;
    const stack: XmlElement[] = [];
    const len = text.length;

    while (this.i < len) {
      const lt = text.indexOf('<', this.i);
      const textEnd = lt === -1 ? len : lt;
      if (textEnd > this.i) this.handleText(this.i, textEnd, stack);
      if (lt === -1) break;
      this.i = lt;
      const next = text.charCodeAt(lt + 1);
      if (next === QMARK) {
        const pi = this.readProcessingInstruction(
          root !== undefined || prolog.length > 0 || lt > (text.charCodeAt(0) === 0xfeff ? 1 : 0),
        );
        this.attach(pi, stack, root ? epilog : prolog);
      } else if (next === BANG) {
        if (text.startsWith('<!--', lt)) {
          this.attach(this.readComment(), stack, root ? epilog : prolog);
        } else if (text.startsWith('<![CDATA[', lt)) {
          if (stack.length === 0) this.fail('XML_MALFORMED', 'CDATA section outside the root element', lt);
          this.attach(this.readCData(), stack, prolog);
        } else if (text.startsWith('<!DOCTYPE', lt)) {
          this.fail(
            'XML_DOCTYPE_REFUSED',
            'DOCTYPE declarations are not allowed: a device profile needs no DTD, and DTDs enable entity-expansion attacks',
            lt,
          );
        } else if (text.startsWith('<!ENTITY', lt)) {
          this.fail(
            'XML_ENTITY_REFUSED',
            'ENTITY declarations are not allowed (no entity expansion beyond &lt; &gt; &amp; &quot; &apos;)',
            lt,
          );
        } else {
          this.fail('XML_MALFORMED', "unexpected '<!': only comments and CDATA sections are allowed here", lt);
        }
      } else if (next === SLASH) {
        this.readEndTag(stack);
      } else {
        if (stack.length === 0 && root)
          this.fail('XML_MALFORMED', 'a second root element: a document has exactly one', lt);
        const el = this.readStartTag(stack);
        if (!root) root = el;
      }
    }
    if (stack.length > 0) {
      const open = stack[stack.length - 1]!;
      this.fail(
        'XML_MALFORMED',
        `unexpected end of document: <${open.name}> (line ${open.pos.line}) is not closed`,
        len,
      );
    }
    if (!root) this.fail('XML_NO_ROOT', 'no root element: the document is empty or has only comments', len);
    return { text, root, prolog, epilog };
  }

  private attach(node: XmlNode, stack: XmlElement[], outside: XmlNode[]): void {
    if (++this.nodes > this.limits.maxNodes)
      this.fail('XML_LIMIT_EXCEEDED', `more than ${this.limits.maxNodes} nodes`, node.span.start);
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(node);
    else outside.push(node);
  }

  private handleText(start: number, end: number, stack: XmlElement[]): void {
    const { text } = this;
    if (stack.length === 0) {
      for (let k = start; k < end; k++) {
        if (!isSpace(text.charCodeAt(k))) this.fail('XML_MALFORMED', 'text outside the root element', k);
      }
      return;
    }
    const raw = text.slice(start, end);
    const gtAt = raw.indexOf(']]>');
    if (gtAt !== -1) this.fail('XML_MALFORMED', "']]>' is not allowed in text", start + gtAt);
    let value: string;
    try {
      value = decodeXmlText(raw, false);
    } catch (err) {
      if (err instanceof EntityError) this.fail('XML_ENTITY_REFUSED', err.reason, start + err.at);
      throw err;
    }
    this.attach({ type: 'text', value, span: { start, end }, pos: this.pos(start), cdata: false }, stack, []);
  }

  private readProcessingInstruction(notAtStart: boolean): XmlNode {
    const start = this.i;
    const end = this.text.indexOf('?>', start + 2);
    if (end === -1) this.fail('XML_MALFORMED', "processing instruction is not closed with '?>'", start);
    let k = start + 2;
    while (k < end && isNameChar(this.text.charCodeAt(k))) k++;
    const target = this.text.slice(start + 2, k);
    if (target.length === 0) this.fail('XML_MALFORMED', "'<?' must be followed by a name", start + 2);
    if (target.toLowerCase() === 'xml' && notAtStart)
      this.fail('XML_MALFORMED', 'the XML declaration must be at the very start of the document', start);
    this.i = end + 2;
    return {
      type: 'pi',
      target,
      data: this.text.slice(k, end).trim(),
      span: { start, end: end + 2 },
      pos: this.pos(start),
    };
  }

  private readComment(): XmlNode {
    const start = this.i;
    const end = this.text.indexOf('-->', start + 4);
    if (end === -1) this.fail('XML_MALFORMED', "comment is not closed with '-->'", start);
    const value = this.text.slice(start + 4, end);
    const dd = value.indexOf('--');
    if (dd !== -1) this.fail('XML_MALFORMED', "'--' is not allowed inside a comment", start + 4 + dd);
    this.i = end + 3;
    return { type: 'comment', value, span: { start, end: end + 3 }, pos: this.pos(start) };
  }

  private readCData(): XmlNode {
    const start = this.i;
    const end = this.text.indexOf(']]>', start + 9);
    if (end === -1) this.fail('XML_MALFORMED', "CDATA section is not closed with ']]>'", start);
    this.i = end + 3;
    const value = this.text.slice(start + 9, end).replace(/\r\n?/g, '\n');
    return { type: 'text', value, span: { start, end: end + 3 }, pos: this.pos(start), cdata: true };
  }

  private readName(what: string): string {
    const { text } = this;
    const start = this.i;
    if (!isNameStart(text.charCodeAt(start))) {
      this.fail(
        'XML_MALFORMED',
        start >= text.length
          ? `unexpected end of document: expected ${what}`
          : `expected ${what}, found '${text[start]}'`,
        start,
      );
    }
    let k = start + 1;
    while (k < text.length && isNameChar(text.charCodeAt(k))) k++;
    this.i = k;
    return text.slice(start, k);
  }

  private skipSpace(): boolean {
    const start = this.i;
    while (this.i < this.text.length && isSpace(this.text.charCodeAt(this.i))) this.i++;
    return this.i > start;
  }

  private readStartTag(stack: XmlElement[]): XmlElement {
    const { text, limits } = this;
    const start = this.i;
    const depth = stack.length;
    if (depth + 1 > limits.maxDepth)
      this.fail('XML_LIMIT_EXCEEDED', `elements nested deeper than ${limits.maxDepth} levels`, start);
    this.i++;
    const name = this.readName('an element name');
    const el: XmlElement = {
      type: 'element',
      name,
      attributes: [],
      children: [],
      parent: stack[depth - 1],
      span: { start, end: start },
      startTag: { start, end: start },
      endTag: undefined,
      selfClosing: false,
      pos: this.pos(start),
      depth,
    };
    this.attach(el, stack, []);
    for (;;) {
      const hadSpace = this.skipSpace();
      const c = text.charCodeAt(this.i);
      if (c === GT) {
        this.i++;
        el.startTag.end = this.i;
        stack.push(el);
        return el;
      }
      if (c === SLASH) {
        if (text.charCodeAt(this.i + 1) !== GT)
          this.fail('XML_MALFORMED', "expected '>' after '/' in a self-closing tag", this.i + 1);
        this.i += 2;
        el.selfClosing = true;
        el.startTag.end = this.i;
        el.span.end = this.i;
        return el;
      }
      if (this.i >= text.length)
        this.fail('XML_MALFORMED', `unexpected end of document inside the <${name}> tag`, this.i);
      if (!hadSpace)
        this.fail(
          'XML_MALFORMED',
          `expected whitespace, '>' or '/>' in the <${name}> tag, found '${text[this.i]}'`,
          this.i,
        );
      el.attributes.push(this.readAttribute(el));
      if (el.attributes.length > limits.maxAttributes)
        this.fail('XML_LIMIT_EXCEEDED', `more than ${limits.maxAttributes} attributes on <${name}>`, this.i);
    }
  }

  private readAttribute(el: XmlElement): XmlAttribute {
    const { text, limits } = this;
    const nameStart = this.i;
    const name = this.readName('an attribute name');
    const nameEnd = this.i;
    for (const a of el.attributes) {
      if (a.name === name) this.fail('XML_MALFORMED', `attribute '${name}' appears twice on <${el.name}>`, nameStart);
    }
    this.skipSpace();
    if (text.charCodeAt(this.i) !== EQ)
      this.fail('XML_MALFORMED', `expected '=' after attribute name '${name}'`, this.i);
    this.i++;
    this.skipSpace();
    const q = text.charCodeAt(this.i);
    if (q !== QUOT && q !== APOS)
      this.fail('XML_MALFORMED', `the value of attribute '${name}' must be in quotes`, this.i);
    const valueStart = this.i + 1;
    const close = text.indexOf(q === QUOT ? '"' : "'", valueStart);
    if (close === -1) this.fail('XML_MALFORMED', `the value of attribute '${name}' is not closed`, this.i);
    if (close - valueStart > limits.maxAttributeLength) {
      this.fail(
        'XML_LIMIT_EXCEEDED',
        `the value of attribute '${name}' is ${close - valueStart} characters long; the limit is ${limits.maxAttributeLength}`,
        valueStart,
      );
    }
    const raw = text.slice(valueStart, close);
    const lt = raw.indexOf('<');
    if (lt !== -1) this.fail('XML_MALFORMED', `'<' is not allowed in an attribute value (write &lt;)`, valueStart + lt);
    let value: string;
    try {
      value = decodeXmlText(raw, true);
    } catch (err) {
      if (err instanceof EntityError) this.fail('XML_ENTITY_REFUSED', err.reason, valueStart + err.at);
      throw err;
    }
    this.i = close + 1;
    return {
      name,
      value,
      nameSpan: { start: nameStart, end: nameEnd },
      valueSpan: { start: valueStart, end: close },
      quote: q === QUOT ? '"' : "'",
      pos: this.pos(nameStart),
      valuePos: this.pos(valueStart),
    };
  }

  private readEndTag(stack: XmlElement[]): void {
    const start = this.i;
    this.i += 2;
    const name = this.readName('an element name after </');
    this.skipSpace();
    if (this.text.charCodeAt(this.i) !== GT) this.fail('XML_MALFORMED', `expected '>' to close </${name}>`, this.i);
    this.i++;
    const open = stack.pop();
    if (!open) this.fail('XML_MALFORMED', `end tag </${name}> without a matching start tag`, start);
    if (open.name !== name) {
      this.fail(
        'XML_MALFORMED',
        `end tag </${name}> does not match <${open.name}> opened at line ${open.pos.line}, column ${open.pos.column}`,
        start,
      );
    }
    open.endTag = { start, end: this.i };
    open.span.end = this.i;
  }

  /** Position of `offset`; offsets must be requested in non-decreasing order. */
  private pos(offset: number): XmlPosition {
    const { text } = this;
    if (offset < this.posOffset) return positionAt(text, offset);
    for (let k = text.indexOf('\n', this.posOffset); k !== -1 && k < offset; k = text.indexOf('\n', k + 1)) {
      this.line++;
      this.lineStart = k + 1;
    }
    this.posOffset = offset;
    return { line: this.line, column: offset - this.lineStart + 1 };
  }

  private fail(code: XmlErrorCode, reason: string, offset: number): never {
    throw new XmlParseError(code, reason, offset, positionAt(this.text, offset));
  }
}

// Re-exported so callers need one import for the parser and its error.
export { XmlParseError } from './errors.js';
