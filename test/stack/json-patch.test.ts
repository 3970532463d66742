import { describe, expect, it } from 'vitest';
import { applyJsonPatch, asJsonPatch, JsonPatchError, parsePointer } from '../../src/stack/json-patch.js';

describe('RFC 6902 JSON patch (the subset deploy/ components use)', () => {
  it('RFC 6901: ~1 is "/" and ~0 is "~"', () => {
    expect(parsePointer('/limits/nvidia.com~1gpu')).toEqual(['limits', 'nvidia.com/gpu']);
    expect(parsePointer('/a~0b')).toEqual(['a~b']);
    expect(() => parsePointer('a')).toThrow(JsonPatchError);
  });

  it('add creates members, appends with "-", inserts at an index', () => {
    const doc = { spec: { env: [{ name: 'A' }], limits: {} as Record<string, unknown> } };
    applyJsonPatch(doc, [
      { op: 'add', path: '/spec/limits/nvidia.com~1gpu', value: 1 },
      { op: 'add', path: '/spec/env/-', value: { name: 'C' } },
      { op: 'add', path: '/spec/env/1', value: { name: 'B' } },
      { op: 'add', path: '/spec/runtimeClassName', value: 'nvidia' },
    ]);
    expect(doc).toEqual({
      spec: {
        env: [{ name: 'A' }, { name: 'B' }, { name: 'C' }],
        limits: { 'nvidia.com/gpu': 1 },
        runtimeClassName: 'nvidia',
      },
    });
  });

  it('replace and remove need the member to exist', () => {
    const doc = { a: 1, list: [1, 2] };
    applyJsonPatch(doc, [
      { op: 'replace', path: '/a', value: 2 },
      { op: 'remove', path: '/list/0' },
    ]);
    expect(doc).toEqual({ a: 2, list: [2] });
    expect(() => applyJsonPatch(doc, [{ op: 'replace', path: '/missing', value: 1 }])).toThrow(/missing member/);
    expect(() => applyJsonPatch(doc, [{ op: 'remove', path: '/list/5' }])).toThrow(/out of range/);
    expect(() => applyJsonPatch(doc, [{ op: 'add', path: '/no/such', value: 1 }])).toThrow(/no such path/);
  });

  it('test compares values', () => {
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow(/test failed/);
  });

  it('asJsonPatch refuses strategic-merge documents and unknown ops', () => {
    expect(() => asJsonPatch({ spec: {} }, 'p.yaml')).toThrow(/must be a list/);
    expect(() => asJsonPatch([{ op: 'move', path: '/a', from: '/b' }], 'p.yaml')).toThrow(/needs op/);
    expect(() => asJsonPatch([{ op: 'add', path: '/a' }], 'p.yaml')).toThrow(/needs a value/);
  });
});
