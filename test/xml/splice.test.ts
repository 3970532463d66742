import { describe, expect, it } from 'vitest';
import { parseXml } from '../../src/xml/parse.js';
import { applySplices, removeElement } from '../../src/xml/splice.js';
import { childElements } from '../../src/xml/tree.js';

describe('XML splices', () => {
  it('splices in any order; text outside them stays byte-identical (comments, CRLF, spacing)', () => {
    const text = '<a>\r\n  <!-- keep -->\r\n  <b x="1"/>\r\n  <c/>\r\n</a>';
    const out = applySplices(text, [
      { start: text.indexOf('<c/>'), end: text.indexOf('<c/>') + 4, text: '<c y="2"/>' },
      { start: text.indexOf('1'), end: text.indexOf('1') + 1, text: '9' },
    ]);
    expect(out).toBe('<a>\r\n  <!-- keep -->\r\n  <b x="9"/>\r\n  <c y="2"/>\r\n</a>');
  });

  it('overlapping splices are a planning bug: they throw instead of corrupting the file', () => {
    expect(() =>
      applySplices('abcdef', [
        { start: 1, end: 4, text: '' },
        { start: 3, end: 5, text: '' },
      ]),
    ).toThrow(/overlapping edits at offset 3/);
  });

  it('removing an element alone on its line removes the line (no blank line left); inline, only its characters', () => {
    const text = '<a>\n  <b/>\n  <c/><d/>\n</a>\n';
    const [b, c] = childElements(parseXml(text).root);
    expect(applySplices(text, [removeElement(text, b!)])).toBe('<a>\n  <c/><d/>\n</a>\n');
    expect(applySplices(text, [removeElement(text, c!)])).toBe('<a>\n  <b/>\n  <d/>\n</a>\n');
  });
});
