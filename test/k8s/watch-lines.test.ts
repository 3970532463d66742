import { describe, expect, it } from 'vitest';
import { LineSplitter, WatchLineTooLong } from '../../src/k8s/watch-lines.js';

describe('watch stream framing: newline-delimited JSON cut anywhere by TCP', () => {
  it('a line split over several chunks comes out once, whole', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('{"type":"ADD'))).toEqual([]);
    expect(s.push(Buffer.from('ED","object":{}'))).toEqual([]);
    expect(s.pending).toBeGreaterThan(0);
    expect(s.push(Buffer.from('}\n{"type"'))).toEqual(['{"type":"ADDED","object":{}}']);
    expect(s.push(Buffer.from(':"DELETED"}\n'))).toEqual(['{"type":"DELETED"}']);
    expect(s.pending).toBe(0);
  });

  it('several lines in one chunk, blank lines dropped, CRLF tolerated by JSON.parse', () => {
    const s = new LineSplitter();
    expect(s.push(Buffer.from('{"a":1}\n\n{"b":2}\r\n{"c"'))).toEqual(['{"a":1}', '{"b":2}\r']);
    expect(JSON.parse('{"b":2}\r')).toEqual({ b: 2 });
  });

  it('a multi-byte UTF-8 character cut between chunks is decoded intact', () => {
    const bytes = Buffer.from('{"name":"Küche ✓"}\n');
    const cut = bytes.indexOf(Buffer.from('✓')) + 1; // inside the 3-byte character
    const s = new LineSplitter();
    expect(s.push(bytes.subarray(0, cut))).toEqual([]);
    expect(s.push(bytes.subarray(cut)).map((l) => JSON.parse(l))).toEqual([{ name: 'Küche ✓' }]);
  });

  it('byte-by-byte delivery yields the same lines', () => {
    const text =
      '{"type":"ADDED","object":{"metadata":{"name":"x"}}}\n{"type":"BOOKMARK","object":{"metadata":{"resourceVersion":"7"}}}\n';
    const s = new LineSplitter();
    const out: string[] = [];
    for (const b of Buffer.from(text)) out.push(...s.push(Buffer.from([b])));
    expect(out).toEqual(text.trim().split('\n'));
  });

  it('an unterminated line past the limit is an error, not unbounded memory', () => {
    const s = new LineSplitter(16);
    expect(s.push(Buffer.from('0123456789'))).toEqual([]);
    expect(() => s.push(Buffer.from('0123456789'))).toThrow(WatchLineTooLong);
    expect(s.pending).toBe(0);
  });
});
