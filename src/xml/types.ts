// The lossless XML tree: every node remembers where it came from in the source
// text, so an edit can be planned as a splice at known offsets and everything
// else in the file stays byte-identical (comments, attribute order, spacing).
// Offsets are UTF-16 code-unit indices into the source string (what
// String.prototype.slice takes); spans are half-open [start, end).

/** 1-based line and column (column counted in UTF-16 code units). */
export interface XmlPosition {
  line: number;
  column: number;
}

export interface Span {
  start: number;
  end: number;
}

export interface XmlAttribute {
  name: string;
  /** Decoded value (entities and character references resolved, whitespace normalised as XML requires). */
  value: string;
  nameSpan: Span;
  /** The raw characters between the quotes. */
  valueSpan: Span;
  quote: '"' | "'";
  /** Position of the attribute name. */
  pos: XmlPosition;
  /** Position of the first character of the value (just after the opening quote). */
  valuePos: XmlPosition;
}

export interface XmlElement {
  type: 'element';
  name: string;
  attributes: XmlAttribute[];
  children: XmlNode[];
  parent: XmlElement | undefined;
  /** From '<' of the start tag to just after '>' of the end tag (or of the self-closing tag). */
  span: Span;
  startTag: Span;
  /** Undefined for a self-closing element (`<a />`). */
  endTag: Span | undefined;
  selfClosing: boolean;
  /** Position of the '<' of the start tag. */
  pos: XmlPosition;
  /** 0 for the root element. */
  depth: number;
}

export interface XmlText {
  type: 'text';
  /** Decoded text. */
  value: string;
  span: Span;
  pos: XmlPosition;
  cdata: boolean;
}

export interface XmlComment {
  type: 'comment';
  value: string;
  span: Span;
  pos: XmlPosition;
}

export interface XmlProcessingInstruction {
  type: 'pi';
  target: string;
  data: string;
  span: Span;
  pos: XmlPosition;
}

export type XmlNode = XmlElement | XmlText | XmlComment | XmlProcessingInstruction;

export interface XmlDocument {
  /** The exact source text the offsets refer to. */
  text: string;
  root: XmlElement;
  /** Nodes before the root element (XML declaration, comments). */
  prolog: XmlNode[];
  /** Nodes after the root element (comments). */
  epilog: XmlNode[];
}

/**
 * Hard bounds that keep hostile input cheap: the parser refuses a document
 * past any of them with an error instead of spending memory on it.
 */
export interface XmlLimits {
  /** Maximum document length in UTF-16 code units. */
  maxDocumentLength: number;
  /** Maximum element nesting depth (root = 1). */
  maxDepth: number;
  /** Maximum length of one raw attribute value. */
  maxAttributeLength: number;
  /** Maximum attributes on one element. */
  maxAttributes: number;
  /** Maximum number of nodes (elements, texts, comments) in the document. */
  maxNodes: number;
}

/**
 * Jellyfin profiles are ~2-15 KB, 5 levels deep; the bounds leave two orders of
 * magnitude of headroom and still stop a crafted file early.
 */
export const DEFAULT_XML_LIMITS: Readonly<XmlLimits> = Object.freeze({
  maxDocumentLength: 4 * 1024 * 1024,
  maxDepth: 64,
  maxAttributeLength: 64 * 1024,
  maxAttributes: 64,
  maxNodes: 200_000,
});
