import { describe, expect, it } from 'vitest';
import { parseXml } from '../../src/xml/parse.js';
import { XmlParseError } from '../../src/xml/errors.js';
import { childElements, getAttribute, textContent } from '../../src/xml/tree.js';

function parseError(text: string, limits = {}): XmlParseError {
  try {
    parseXml(text, limits);
  } catch (err) {
    if (err instanceof XmlParseError) return err;
    throw err;
  }
  throw new Error('expected a parse error');
}

describe('lossless XML tree', () => {
  const src =
    '<?xml version="1.0"?>\n<!-- top -->\n<Profile a="1">\n  <Name>TV &amp; co</Name>\n  <X k=\'v&#65;\' other="&lt;x&gt;"/>\n</Profile>\n';
  const doc = parseXml(src);

  it('keeps 1-based line/column and offsets for elements, attributes, text and comments', () => {
    expect(doc.prolog.map((n) => n.type)).toEqual(['pi', 'comment']);
    expect(doc.root.name).toBe('Profile');
    expect(doc.root.pos).toEqual({ line: 3, column: 1 });
    const [name, x] = childElements(doc.root);
    expect(name!.pos).toEqual({ line: 4, column: 3 });
    expect(textContent(name!)).toBe('TV & co');
    const k = getAttribute(x!, 'k')!;
    expect(k.value).toBe('vA');
    expect(k.pos).toEqual({ line: 5, column: 6 });
    expect(k.valuePos).toEqual({ line: 5, column: 9 });
    expect(src.slice(k.valueSpan.start, k.valueSpan.end)).toBe('v&#65;');
    expect(src.slice(k.nameSpan.start, k.nameSpan.end)).toBe('k');
    expect(getAttribute(x!, 'other')!.value).toBe('<x>');
    expect(x!.selfClosing).toBe(true);
    expect(src.slice(x!.span.start, x!.span.end)).toBe('<X k=\'v&#65;\' other="&lt;x&gt;"/>');
    expect(src.slice(doc.root.endTag!.start, doc.root.endTag!.end)).toBe('</Profile>');
    expect(src.slice(doc.root.span.start, doc.root.span.end)).toMatch(/^<Profile[\s\S]*<\/Profile>$/);
  });

  it('XML 1.0 §3.3.3: literal tabs and newlines in attribute values normalise to spaces', () => {
    const d = parseXml('<a v="x\ny\tz" w="&#10;"/>');
    expect(getAttribute(d.root, 'v')!.value).toBe('x y z');
    expect(getAttribute(d.root, 'w')!.value).toBe('\n');
  });

  it('reads CDATA, a byte-order mark and CRLF line ends', () => {
    const d = parseXml('\ufeff<a>\r\n<![CDATA[<raw>&]]></a>');
    expect(textContent(d.root)).toBe('\n<raw>&');
  });
});

describe('hostile and malformed XML is refused with line, column and what', () => {
  it('refuses DOCTYPE outright (billion laughs)', () => {
    const laughs =
      '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n]>\n<lolz>&lol2;</lolz>';
    const e = parseError(laughs);
    expect(e.code).toBe('XML_DOCTYPE_REFUSED');
    expect([e.line, e.column]).toEqual([2, 1]);
    expect(e.message).toMatch(/DOCTYPE declarations are not allowed/);
  });

  it('refuses an external entity declaration and undeclared entity references', () => {
    expect(parseError('<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>').code).toBe('XML_DOCTYPE_REFUSED');
    const e = parseError('<a>\n  &xxe;</a>');
    expect(e.code).toBe('XML_ENTITY_REFUSED');
    expect([e.line, e.column]).toEqual([2, 3]);
    expect(parseError('<a v="&foo;"/>').message).toMatch(/unknown entity '&foo;'/);
    expect(parseError('<a>& b</a>').message).toMatch(/'&' must start an entity/);
    expect(parseError('<a>&#0;</a>').message).toMatch(/not a character XML allows/);
  });

  it('reports truncated documents and mismatched tags precisely', () => {
    expect(parseError('<Profile>\n  <Name>x</Name>\n').message).toMatch(/<Profile> \(line 1\) is not closed/);
    const e = parseError('<a>\n <b></c></a>');
    expect([e.line, e.column]).toEqual([2, 5]);
    expect(e.message).toMatch(/<\/c> does not match <b>/);
    expect(parseError('<a x="1>').message).toMatch(/not closed/);
    expect(parseError('<a x=1/>').message).toMatch(/must be in quotes/);
    expect(parseError('<a x="1" x="2"/>').message).toMatch(/appears twice/);
    expect(parseError('<a/><b/>').message).toMatch(/second root/);
    expect(parseError('').code).toBe('XML_NO_ROOT');
    expect(parseError('junk<a/>').message).toMatch(/text outside the root/);
    expect(parseError('<a><!-- x</a>').message).toMatch(/comment is not closed/);
    expect(parseError('<a v="<"/>').message).toMatch(/'<' is not allowed in an attribute/);
    expect(parseError(' <?xml version="1.0"?><a/>').message).toMatch(/very start/);
  });

  it('bounds depth, attribute length, attribute count and document size', () => {
    const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
    expect(parseError(deep).message).toMatch(/nested deeper than 64 levels/);
    expect(parseError(`<a v="${'x'.repeat(70_000)}"/>`).message).toMatch(/limit is 65536/);
    const attrs = Array.from({ length: 80 }, (_, i) => `a${i}="1"`).join(' ');
    expect(parseError(`<a ${attrs}/>`).message).toMatch(/more than 64 attributes/);
    expect(parseError('<a/>', { maxDocumentLength: 3 }).code).toBe('XML_LIMIT_EXCEEDED');
    expect(parseError(`<a>${'<b/>'.repeat(50)}</a>`, { maxNodes: 10 }).code).toBe('XML_LIMIT_EXCEEDED');
  });
});
