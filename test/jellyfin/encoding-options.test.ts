import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncodingXmlError, planEncodingOptions } from '../../src/jellyfin/encoding-options.js';
import { parseXml } from '../../src/xml/parse.js';
import { repoRoot } from '../helpers/cli.js';

const fixture = readFileSync(path.join(repoRoot, 'test/fixtures/jellyfin-config/encoding.xml'), 'utf8');
const GPU = { gpu: true };

/** Element text by name, as XmlSerializer would read the first occurrence. */
function setting(xml: string, name: string): string | undefined {
  const root = parseXml(xml).root;
  const el = root.children.find((c) => c.type === 'element' && c.name === name);
  if (!el || el.type !== 'element') return undefined;
  return el.children
    .map((c) => (c.type === 'text' ? c.value : ''))
    .join('')
    .trim();
}

function listItems(xml: string, name: string): string[] | undefined {
  const root = parseXml(xml).root;
  const el = root.children.find((c) => c.type === 'element' && c.name === name);
  if (!el || el.type !== 'element') return undefined;
  return el.children.flatMap((c) =>
    c.type === 'element' && c.name === 'string'
      ? [c.children.map((t) => (t.type === 'text' ? t.value : '')).join('')]
      : [],
  );
}

/** Lines of `after` that are not in `before` (a cheap line diff for small edits). */
function changedLines(before: string, after: string): { removed: string[]; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { removed: a.filter((l) => !b.includes(l)), added: b.filter((l) => !a.includes(l)) };
}

describe('encoding.xml (EncodingOptions) for NVIDIA H.264', () => {
  it('sets nvenc, hardware encoding, hevc decoding and no HEVC output on a real 10.10 file', () => {
    const plan = planEncodingOptions(fixture, GPU);
    expect(plan.changed).toBe(true);
    const out = plan.text!;
    expect(setting(out, 'HardwareAccelerationType')).toBe('nvenc');
    expect(setting(out, 'EnableHardwareEncoding')).toBe('true');
    expect(setting(out, 'AllowHevcEncoding')).toBe('false');
    expect(listItems(out, 'HardwareDecodingCodecs')).toEqual(['h264', 'vc1', 'hevc']);
    expect(plan.changes).toEqual([
      'HardwareAccelerationType none -> nvenc',
      'AllowHevcEncoding true -> false',
      'HardwareDecodingCodecs: added hevc',
    ]);
  });

  it('keeps every other byte: only the three touched lines differ, one line is added', () => {
    const out = planEncodingOptions(fixture, GPU).text!;
    expect(changedLines(fixture, out)).toEqual({
      removed: [
        '  <HardwareAccelerationType>none</HardwareAccelerationType>',
        '  <AllowHevcEncoding>true</AllowHevcEncoding>',
      ],
      added: [
        '  <HardwareAccelerationType>nvenc</HardwareAccelerationType>',
        '  <AllowHevcEncoding>false</AllowHevcEncoding>',
        '    <string>hevc</string>',
      ],
    });
    expect(out.split('\n').length).toBe(fixture.split('\n').length + 1);
  });

  it('is idempotent: a second plan on its own output changes nothing', () => {
    const once = planEncodingOptions(fixture, GPU).text!;
    const twice = planEncodingOptions(once, GPU);
    expect(twice.changed).toBe(false);
    expect(twice.text).toBe(once);
    expect(twice.changes).toEqual([]);
  });

  it('keeps CRLF line ends and a byte-order mark', () => {
    const crlf = '\ufeff' + fixture.replace(/\n/g, '\r\n');
    const out = planEncodingOptions(crlf, GPU).text!;
    expect(out.startsWith('\ufeff<?xml')).toBe(true);
    expect(out.replace(/\r\n/g, '')).not.toContain('\n');
    expect(out).toContain('    <string>vc1</string>\r\n    <string>hevc</string>\r\n  </HardwareDecodingCodecs>');
    expect(planEncodingOptions(out, GPU).changed).toBe(false);
  });

  it('adds missing elements next to their siblings in Jellyfin member order, with the file indentation', () => {
    const tabbed = [
      '<?xml version="1.0"?>',
      '<EncodingOptions>',
      '\t<EnableIntelLowPowerHevcHwEncoder>false</EnableIntelLowPowerHevcHwEncoder>',
      '\t<!-- keep me -->',
      '\t<EnableSubtitleExtraction>true</EnableSubtitleExtraction>',
      '</EncodingOptions>',
      '',
    ].join('\n');
    const out = planEncodingOptions(tabbed, GPU).text!;
    expect(out).toBe(
      [
        '<?xml version="1.0"?>',
        '<EncodingOptions>',
        '\t<HardwareAccelerationType>nvenc</HardwareAccelerationType>',
        '\t<EnableIntelLowPowerHevcHwEncoder>false</EnableIntelLowPowerHevcHwEncoder>',
        '\t<!-- keep me -->',
        '\t<EnableSubtitleExtraction>true</EnableSubtitleExtraction>',
        '\t<HardwareDecodingCodecs>',
        '\t\t<string>h264</string>',
        '\t\t<string>vc1</string>',
        '\t\t<string>hevc</string>',
        '\t</HardwareDecodingCodecs>',
        '</EncodingOptions>',
        '',
      ].join('\n'),
    );
    // EnableHardwareEncoding and AllowHevcEncoding are absent and Jellyfin's defaults (true, false) are already right.
    expect(planEncodingOptions(out, GPU).changed).toBe(false);
  });

  it('EncodingOptions: an absent HardwareDecodingCodecs means the default [h264, vc1], so both stay when hevc is added', () => {
    const out = planEncodingOptions(
      '<EncodingOptions>\n  <HardwareAccelerationType>nvenc</HardwareAccelerationType>\n</EncodingOptions>\n',
      GPU,
    ).text!;
    expect(listItems(out, 'HardwareDecodingCodecs')).toEqual(['h264', 'vc1', 'hevc']);
  });

  it('an explicitly empty HardwareDecodingCodecs stays the user choice for other codecs: only hevc is added', () => {
    const out = planEncodingOptions('<EncodingOptions>\n  <HardwareDecodingCodecs />\n</EncodingOptions>\n', GPU).text!;
    expect(listItems(out, 'HardwareDecodingCodecs')).toEqual(['hevc']);
    expect(out).toContain('  <HardwareDecodingCodecs>\n    <string>hevc</string>\n  </HardwareDecodingCodecs>\n');
  });

  it('XmlSerializer reads booleans as xsd:boolean: "1" already means true, "0" false', () => {
    const xml =
      '<EncodingOptions><HardwareAccelerationType>nvenc</HardwareAccelerationType><EnableHardwareEncoding>1</EnableHardwareEncoding><AllowHevcEncoding>0</AllowHevcEncoding><HardwareDecodingCodecs><string>HEVC</string></HardwareDecodingCodecs></EncodingOptions>';
    expect(planEncodingOptions(xml, GPU).changed).toBe(false);
  });

  it('sets every occurrence of a repeated element and fills a self-closing one', () => {
    const xml =
      '<EncodingOptions>\n  <HardwareAccelerationType />\n  <HardwareAccelerationType>vaapi</HardwareAccelerationType>\n</EncodingOptions>';
    const out = planEncodingOptions(xml, GPU).text!;
    expect(out.match(/<HardwareAccelerationType>nvenc<\/HardwareAccelerationType>/g)).toHaveLength(2);
  });

  it('expands a self-closing root', () => {
    const out = planEncodingOptions('<EncodingOptions xmlns:xsd="http://www.w3.org/2001/XMLSchema" />', GPU).text!;
    expect(setting(out, 'HardwareAccelerationType')).toBe('nvenc');
    expect(
      out.startsWith('<EncodingOptions xmlns:xsd="http://www.w3.org/2001/XMLSchema">\n  <HardwareAccelerationType>'),
    ).toBe(true);
  });

  it('--no-gpu leaves the GPU settings alone and only keeps HEVC output off', () => {
    const plan = planEncodingOptions(fixture, { gpu: false });
    expect(plan.changes).toEqual(['AllowHevcEncoding true -> false']);
    expect(setting(plan.text!, 'HardwareAccelerationType')).toBe('none');
  });

  it('a missing encoding.xml becomes a minimal file that XmlSerializer completes from the defaults', () => {
    const plan = planEncodingOptions(undefined, GPU);
    expect(plan.created).toBe(true);
    expect(setting(plan.text!, 'HardwareAccelerationType')).toBe('nvenc');
    expect(listItems(plan.text!, 'HardwareDecodingCodecs')).toEqual(['h264', 'vc1', 'hevc']);
    expect(planEncodingOptions(plan.text!, GPU).changed).toBe(false);
  });

  it('a missing encoding.xml is not created when Jellyfin defaults already match (--no-gpu)', () => {
    expect(planEncodingOptions(undefined, { gpu: false })).toEqual({
      text: undefined,
      changed: false,
      created: false,
      changes: [],
    });
  });

  it('refuses malformed XML, a truncated file, DOCTYPE, and a foreign root, without proposing text', () => {
    expect(() => planEncodingOptions(fixture.slice(0, fixture.length / 2), GPU)).toThrow(EncodingXmlError);
    expect(() => planEncodingOptions('<!DOCTYPE x [<!ENTITY a "b">]><EncodingOptions/>', GPU)).toThrow(/DOCTYPE/);
    expect(() => planEncodingOptions('<ServerConfiguration/>', GPU)).toThrow(/expected <EncodingOptions>/);
  });
});

describe('encoding.xml planner under random input (seeded fuzz)', () => {
  // Mulberry32: deterministic, so a failure reproduces.
  function rng(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  const lines = fixture.split('\n');

  it('files missing any subset of lines: the result reads as wanted, is a fixed point, and keeps every line it was given', () => {
    const rand = rng(42);
    for (let i = 0; i < 300; i++) {
      // Drop whole one-line child elements (never the root's lines or a list's), keeping a well-formed document.
      const kept = lines.filter((l) => !/^  <([A-Za-z]+)[^>]*(\/>|>[^<]*<\/\1>)$/.test(l) || rand() < 0.6);
      const input = kept.join(rand() < 0.3 ? '\r\n' : '\n');
      const plan = planEncodingOptions(input, GPU);
      const out = plan.text!;
      expect(setting(out, 'HardwareAccelerationType')).toBe('nvenc');
      expect(['true', undefined]).toContain(setting(out, 'EnableHardwareEncoding'));
      expect(['false', undefined]).toContain(setting(out, 'AllowHevcEncoding'));
      expect(listItems(out, 'HardwareDecodingCodecs') ?? []).toContain('hevc');
      expect(planEncodingOptions(out, GPU).changed).toBe(false);
      const untouched = input
        .split(/\r?\n/)
        .filter((l) => !/HardwareAccelerationType|AllowHevcEncoding|HardwareDecodingCodecs|<string>/.test(l));
      for (const l of untouched) expect(out).toContain(l);
    }
  });

  it('truncated or corrupted files are refused with EncodingXmlError, never half-edited', () => {
    const rand = rng(7);
    for (let i = 0; i < 300; i++) {
      const cut = Math.floor(rand() * (fixture.length - 20)) + 1;
      const at = Math.floor(rand() * fixture.length);
      const corrupt = rand() < 0.5 ? fixture.slice(0, cut) : fixture.slice(0, at) + '<' + fixture.slice(at);
      let result: ReturnType<typeof planEncodingOptions> | undefined;
      try {
        result = planEncodingOptions(corrupt, GPU);
      } catch (err) {
        expect(err).toBeInstanceOf(EncodingXmlError);
        continue;
      }
      // Still well-formed (e.g. a cut in the trailing newline): then the edit must hold.
      expect(planEncodingOptions(result.text!, GPU).changed).toBe(false);
    }
  });
});
