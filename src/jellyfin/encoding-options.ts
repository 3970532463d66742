// Plans the edit of Jellyfin's encoding.xml (<EncodingOptions>) for NVIDIA
// H.264 transcoding. Pure: text in, text out. The edit is a set of splices at
// the offsets the lossless parser reports, so every byte outside the touched
// elements (other settings, comments, indentation, CRLF line ends, a BOM) stays
// as it was.
//
// Jellyfin reads this file with .NET XmlSerializer into EncodingOptions
// (MediaBrowser.Model/Configuration/EncodingOptions.cs): element order does not
// matter, an absent element keeps the constructor default
// (HardwareAccelerationType none, EnableHardwareEncoding true,
// AllowHevcEncoding false, HardwareDecodingCodecs [h264, vc1]), and an array
// element that is present replaces the default array as a whole.

import { DlnaBridgeError } from '../util/errors.js';
import { applySplices, type Splice } from '../xml/splice.js';
import { escapeText } from '../xml/entities.js';
import { parseXml } from '../xml/parse.js';
import { childElements, indentationAt, lineBreakOf, textContent } from '../xml/tree.js';
import type { XmlElement } from '../xml/types.js';

export interface EncodingWants {
  /**
   * NVIDIA part: HardwareAccelerationType nvenc, EnableHardwareEncoding true,
   * hevc in HardwareDecodingCodecs. Off for nodes without an NVIDIA GPU.
   */
  gpu: boolean;
}

export interface EncodingPlan {
  /** The new file content; undefined when no file is needed (missing and defaults already right). */
  text: string | undefined;
  /** True when `text` differs from the input (or the file is to be created). */
  changed: boolean;
  /** Whether the file is created from nothing. */
  created: boolean;
  /** One plain sentence per setting changed. */
  changes: string[];
}

/** A malformed or foreign encoding.xml: left untouched, reported to the user. */
export class EncodingXmlError extends DlnaBridgeError {
  readonly code = 'JELLYFIN_ENCODING_XML_INVALID';
}

interface ScalarWant {
  name: string;
  value: string;
  /** Jellyfin's default when the element is absent. */
  jellyfinDefault: string;
}

interface ListWant {
  name: string;
  item: string;
  /** Jellyfin's default array when the element is absent. */
  jellyfinDefault: readonly string[];
}

function scalarWants(w: EncodingWants): ScalarWant[] {
  const out: ScalarWant[] = [];
  if (w.gpu) {
    out.push({ name: 'HardwareAccelerationType', value: 'nvenc', jellyfinDefault: 'none' });
    out.push({ name: 'EnableHardwareEncoding', value: 'true', jellyfinDefault: 'true' });
  }
  // HEVC output is what the TVs cannot decode; keep it off with or without a GPU.
  out.push({ name: 'AllowHevcEncoding', value: 'false', jellyfinDefault: 'false' });
  return out;
}

function listWants(w: EncodingWants): ListWant[] {
  return w.gpu ? [{ name: 'HardwareDecodingCodecs', item: 'hevc', jellyfinDefault: ['h264', 'vc1'] }] : [];
}

/**
 * EncodingOptions members in Jellyfin's declaration order (10.10/10.11). Only
 * used to place a missing element next to its neighbours, as Jellyfin writes it.
 */
const MEMBER_ORDER: readonly string[] = [
  'EncodingThreadCount',
  'TranscodingTempPath',
  'FallbackFontPath',
  'EnableFallbackFont',
  'EnableAudioVbr',
  'DownMixAudioBoost',
  'DownMixStereoAlgorithm',
  'MaxMuxingQueueSize',
  'EnableThrottling',
  'ThrottleDelaySeconds',
  'EnableSegmentDeletion',
  'SegmentKeepSeconds',
  'HardwareAccelerationType',
  'EncoderAppPath',
  'EncoderAppPathDisplay',
  'VaapiDevice',
  'QsvDevice',
  'EnableTonemapping',
  'EnableVppTonemapping',
  'EnableVideoToolboxTonemapping',
  'TonemappingAlgorithm',
  'TonemappingMode',
  'TonemappingRange',
  'TonemappingDesat',
  'TonemappingPeak',
  'TonemappingParam',
  'VppTonemappingBrightness',
  'VppTonemappingContrast',
  'H264Crf',
  'H265Crf',
  'EncoderPreset',
  'DeinterlaceDoubleRate',
  'DeinterlaceMethod',
  'EnableDecodingColorDepth10Hevc',
  'EnableDecodingColorDepth10Vp9',
  'EnableDecodingColorDepth10HevcRext',
  'EnableDecodingColorDepth12HevcRext',
  'EnableEnhancedNvdecDecoder',
  'PreferSystemNativeHwDecoder',
  'EnableIntelLowPowerH264HwEncoder',
  'EnableIntelLowPowerHevcHwEncoder',
  'EnableHardwareEncoding',
  'AllowHevcEncoding',
  'AllowAv1Encoding',
  'EnableSubtitleExtraction',
  'HardwareDecodingCodecs',
  'AllowOnDemandMetadataBasedKeyframeExtractionForExtensions',
];

/** Plan the edit of `current` (undefined: the file does not exist). */
export function planEncodingOptions(current: string | undefined, wants: EncodingWants): EncodingPlan {
  if (current === undefined) return planMissing(wants);
  const first = planExisting(current, wants);
  if (first.changed) {
    // The edit must be a fixed point, or a second run would change the file again.
    const second = planExisting(first.text!, wants);
    if (second.changed) throw new Error(`internal: encoding.xml edit is not idempotent (${second.changes.join('; ')})`);
  }
  return first;
}

function planMissing(wants: EncodingWants): EncodingPlan {
  const scalars = scalarWants(wants);
  const lists = listWants(wants);
  const needed =
    scalars.some((s) => s.value !== s.jellyfinDefault) || lists.some((l) => !l.jellyfinDefault.includes(l.item));
  if (!needed) return { text: undefined, changed: false, created: false, changes: [] };
  // A file with only our settings: XmlSerializer fills every other member from
  // the constructor defaults, which is exactly what Jellyfin uses with no file,
  // and Jellyfin re-serializes the whole file at its next start
  // (MediaEncoder.SetFFmpegPath saves the "encoding" configuration).
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<EncodingOptions xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">',
  ];
  const changes: string[] = [];
  for (const s of scalars) {
    lines.push(`  <${s.name}>${escapeText(s.value)}</${s.name}>`);
    if (s.value !== s.jellyfinDefault) changes.push(`${s.name} ${s.jellyfinDefault} (default) -> ${s.value}`);
  }
  for (const l of lists) {
    lines.push(`  <${l.name}>`);
    for (const item of [...l.jellyfinDefault, l.item]) lines.push(`    <string>${escapeText(item)}</string>`);
    lines.push(`  </${l.name}>`);
    changes.push(`${l.name}: added ${l.item} to the defaults (${l.jellyfinDefault.join(', ')})`);
  }
  lines.push('</EncodingOptions>', '');
  return { text: lines.join('\n'), changed: true, created: true, changes: ['created encoding.xml', ...changes] };
}

function planExisting(text: string, wants: EncodingWants): EncodingPlan {
  let doc;
  try {
    doc = parseXml(text);
  } catch (err) {
    throw new EncodingXmlError(`not well-formed XML: ${(err as Error).message}`);
  }
  const root = doc.root;
  if (root.name !== 'EncodingOptions') {
    throw new EncodingXmlError(`root element is <${root.name}>, expected <EncodingOptions>`);
  }
  const eol = lineBreakOf(text);
  const fmt = formatOf(text, root);
  const splices: Splice[] = [];
  const changes: string[] = [];
  const missing: string[] = [];
  const kids = childElements(root);

  for (const want of scalarWants(wants)) {
    const found = kids.filter((k) => k.name === want.name);
    if (found.length === 0) {
      if (want.value !== want.jellyfinDefault) {
        missing.push(`<${want.name}>${escapeText(want.value)}</${want.name}>`);
        changes.push(`${want.name} ${want.jellyfinDefault} (absent, default) -> ${want.value}`);
      }
      continue;
    }
    // XmlSerializer reads the first occurrence of a member and skips repeats;
    // set every occurrence so no reader can see the old value.
    for (const el of found) {
      const old = textContent(el);
      if (sameScalar(old, want.value)) continue;
      splices.push(replaceContent(text, el, escapeText(want.value)));
      changes.push(`${want.name} ${old.trim() === '' ? '(empty)' : old.trim()} -> ${want.value}`);
    }
  }

  for (const want of listWants(wants)) {
    const el = kids.find((k) => k.name === want.name);
    if (!el) {
      const items = [...want.jellyfinDefault, want.item];
      missing.push(listElement(want.name, items, fmt.indent(1), fmt.unit, eol));
      changes.push(`${want.name}: added ${want.item} to the defaults (${want.jellyfinDefault.join(', ')})`);
      continue;
    }
    const items = childElements(el).filter((c) => c.name === 'string');
    if (items.some((c) => textContent(c).trim().toLowerCase() === want.item)) continue;
    const last = items[items.length - 1];
    if (last) {
      splices.push({
        start: last.span.end,
        end: last.span.end,
        text: `${eol}${indentationAt(text, last.span.start) ?? fmt.indent(2)}<string>${escapeText(want.item)}</string>`,
      });
    } else {
      // Present but empty: the user switched hardware decoding off for every
      // codec; add only ours, keep that choice for the rest.
      const elIndent = indentationAt(text, el.span.start) ?? fmt.indent(1);
      splices.push({
        start: el.span.start,
        end: el.span.end,
        text: listElement(want.name, [want.item], elIndent, fmt.unit, eol),
      });
    }
    changes.push(`${want.name}: added ${want.item}`);
  }

  if (missing.length > 0) splices.push(...placeMissing(text, root, kids, missing, fmt, eol));
  if (splices.length === 0) return { text, changed: false, created: false, changes: [] };
  return { text: applySplices(text, splices), changed: true, created: false, changes };
}

/** Booleans are compared as XmlSerializer reads them (xsd:boolean: true/1, false/0); the rest verbatim. */
function sameScalar(old: string, want: string): boolean {
  const v = old.trim();
  if (want === 'true') return v === 'true' || v === '1';
  if (want === 'false') return v === 'false' || v === '0';
  return v === want;
}

function replaceContent(text: string, el: XmlElement, content: string): Splice {
  if (el.selfClosing || !el.endTag) {
    // `<X />` or `<X xsi:nil="true" />`: write a plain element in its place.
    return { start: el.span.start, end: el.span.end, text: `<${el.name}>${content}</${el.name}>` };
  }
  return { start: el.startTag.end, end: el.endTag.start, text: content };
}

function listElement(name: string, items: readonly string[], indent: string, unit: string, eol: string): string {
  const inner = items.map((i) => `${eol}${indent}${unit}<string>${escapeText(i)}</string>`).join('');
  return `<${name}>${inner}${eol}${indent}</${name}>`;
}

interface Format {
  unit: string;
  indent(depth: number): string;
}

/** The file's indentation unit, from its first indented child; two spaces when it has none. */
function formatOf(text: string, root: XmlElement): Format {
  const rootIndent = indentationAt(text, root.span.start) ?? '';
  const first = childElements(root)[0];
  const childIndent = first ? indentationAt(text, first.span.start) : undefined;
  const unit =
    childIndent !== undefined && childIndent.length > rootIndent.length ? childIndent.slice(rootIndent.length) : '  ';
  return { unit, indent: (depth) => rootIndent + unit.repeat(depth) };
}

/**
 * Insert missing elements next to their neighbours in Jellyfin's member order:
 * after the nearest earlier member present, else before the nearest later one,
 * else at the end of <EncodingOptions>.
 */
function placeMissing(
  text: string,
  root: XmlElement,
  kids: XmlElement[],
  missing: string[],
  fmt: Format,
  eol: string,
): Splice[] {
  if (root.selfClosing || !root.endTag)
    return [appendToRoot(text, root, missing.join(`${eol}${fmt.indent(1)}`), fmt, eol)];
  const out: Splice[] = [];
  for (const elementText of missing) {
    const name = /^<([A-Za-z0-9]+)/.exec(elementText)![1]!;
    const at = MEMBER_ORDER.indexOf(name);
    const before = [...kids]
      .reverse()
      .find((k) => MEMBER_ORDER.indexOf(k.name) !== -1 && MEMBER_ORDER.indexOf(k.name) < at);
    const after = kids.find((k) => MEMBER_ORDER.indexOf(k.name) > at);
    if (before) {
      const indent = indentationAt(text, before.span.start) ?? fmt.indent(1);
      out.push({ start: before.span.end, end: before.span.end, text: `${eol}${indent}${elementText}` });
    } else if (after) {
      const indent = indentationAt(text, after.span.start);
      // Insert at the start of `after`'s line so its own indentation stays in front of it.
      if (indent !== undefined) {
        const lineStart = after.span.start - indent.length;
        out.push({ start: lineStart, end: lineStart, text: `${indent}${elementText}${eol}` });
      } else {
        out.push({ start: after.span.start, end: after.span.start, text: `${elementText}${eol}${fmt.indent(1)}` });
      }
    } else {
      out.push(appendToRoot(text, root, elementText, fmt, eol));
    }
  }
  return mergeSameOffset(out);
}

function appendToRoot(text: string, root: XmlElement, elementText: string, fmt: Format, eol: string): Splice {
  const rootIndent = indentationAt(text, root.span.start) ?? '';
  if (root.selfClosing || !root.endTag) {
    const open = text.slice(root.startTag.start, root.startTag.end).replace(/\s*\/>$/, '>');
    return {
      start: root.span.start,
      end: root.span.end,
      text: `${open}${eol}${fmt.indent(1)}${elementText}${eol}${rootIndent}</${root.name}>`,
    };
  }
  // Before the end tag's line (keeping the end tag's own indentation), or before the tag itself.
  const endIndent = indentationAt(text, root.endTag.start);
  if (endIndent !== undefined && text.lastIndexOf('\n', root.endTag.start - 1) >= root.startTag.end) {
    const lineStart = root.endTag.start - endIndent.length;
    return { start: lineStart, end: lineStart, text: `${fmt.indent(1)}${elementText}${eol}` };
  }
  return {
    start: root.endTag.start,
    end: root.endTag.start,
    text: `${eol}${fmt.indent(1)}${elementText}${eol}${rootIndent}`,
  };
}

/** Several insertions at one offset keep their planned order. */
function mergeSameOffset(splices: Splice[]): Splice[] {
  const merged: Splice[] = [];
  for (const s of splices) {
    const same = merged.find((m) => m.start === s.start && m.end === s.end && m.start === m.end);
    if (same) same.text += s.text;
    else merged.push({ ...s });
  }
  return merged;
}
