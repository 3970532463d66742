// Read a Jellyfin device profile into the typed model, keeping the position of
// every element and attribute. Two entry points:
// - parseProfile(text): strict, like Jellyfin's XmlSerializer: malformed XML or
//   a value XmlSerializer would reject (so the plugin would drop the profile)
//   throws ProfileParseError with line and column.
// - readProfileDocument(text): lenient, for lint: returns the model (invalid
//   values replaced by Jellyfin's defaults) plus every problem found.
import { DlnaBridgeError } from '../util/errors.js';
import { XmlParseError } from '../xml/errors.js';
import { parseXml } from '../xml/parse.js';
import { childElements, getAttribute, textContent } from '../xml/tree.js';
import type { XmlDocument, XmlElement } from '../xml/types.js';
import type {
  CodecProfile,
  ContainerProfile,
  DeviceIdentification,
  DeviceProfile,
  DirectPlayProfile,
  HttpHeaderInfo,
  ProfileCondition,
  ResponseProfile,
  SourcePosition,
  SubtitleProfile,
  TranscodingProfile,
} from './model.js';
import {
  ATTRIBUTES,
  CONDITION_LISTS,
  IDENTIFICATION_FIELDS,
  TOP_LEVEL_LISTS,
  TOP_LEVEL_SCALARS,
  checkValue,
  parseXmlBool,
  parseXmlInt,
  type ValueKind,
} from './schema.js';

/** Something Jellyfin would reject (invalid-value) or silently ignore (unknown-element). */
export interface ProfileProblem {
  rule: 'invalid-value' | 'unknown-element';
  message: string;
  hint: string;
  pos: SourcePosition;
}

/** Not a profile Jellyfin can load: malformed XML, or (strict parsing) a value it cannot read. */
export class ProfileParseError extends DlnaBridgeError {
  readonly code: 'PROFILE_INVALID_XML' | 'PROFILE_INVALID_VALUE';
  constructor(
    /** The lint rule this becomes as a finding (data, not how callers tell errors apart). */
    readonly rule: 'invalid-xml' | 'invalid-value',
    /** What is wrong, without the position. */
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${reason}`);
    this.code = rule === 'invalid-xml' ? 'PROFILE_INVALID_XML' : 'PROFILE_INVALID_VALUE';
  }
}

export interface ProfileDocument {
  doc: XmlDocument;
  profile: DeviceProfile;
  problems: ProfileProblem[];
}

/** Parse strictly: throws ProfileParseError for malformed XML or a value Jellyfin cannot read. */
export function parseProfile(text: string): DeviceProfile {
  const { profile, problems } = readProfileDocument(text);
  const invalid = problems.find((p) => p.rule === 'invalid-value');
  if (invalid) throw new ProfileParseError('invalid-value', invalid.message, invalid.pos.line, invalid.pos.column);
  return profile;
}

/** Parse leniently: malformed XML still throws ProfileParseError; value problems are returned. */
export function readProfileDocument(text: string): ProfileDocument {
  let doc: XmlDocument;
  try {
    doc = parseXml(text);
  } catch (err) {
    if (err instanceof XmlParseError) throw new ProfileParseError('invalid-xml', err.reason, err.line, err.column);
    throw err;
  }
  if (doc.root.name !== 'Profile') {
    throw new ProfileParseError(
      'invalid-xml',
      `the root element is <${doc.root.name}>; a Jellyfin device profile's root is <Profile>`,
      doc.root.pos.line,
      doc.root.pos.column,
    );
  }
  const reader = new ProfileReader();
  return { doc, profile: reader.read(doc.root), problems: reader.problems };
}

type Attrs = Map<string, { value: string; pos: SourcePosition }>;

const SCALAR_KINDS = new Map<string, ValueKind>(TOP_LEVEL_SCALARS);
const LIST_ITEMS = new Map<string, string>(TOP_LEVEL_LISTS);
const TYPED_SCALARS = new Set([
  'SupportedMediaTypes',
  'MaxStreamingBitrate',
  'MaxStaticBitrate',
  'MusicStreamingTranscodingBitrate',
  'MaxStaticMusicBitrate',
]);

function isNamespaceAttribute(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xsi:');
}

class ProfileReader {
  readonly problems: ProfileProblem[] = [];

  read(root: XmlElement): DeviceProfile {
    const profile: DeviceProfile = {
      settings: {},
      supportedMediaTypes: '',
      directPlayProfiles: [],
      transcodingProfiles: [],
      containerProfiles: [],
      codecProfiles: [],
      responseProfiles: [],
      subtitleProfiles: [],
      pos: root.pos,
    };
    let supportedMediaTypesSeen = false;
    for (const el of childElements(root)) {
      const name = el.name;
      if (name === 'Name') profile.name = textContent(el);
      else if (name === 'Id') profile.id = textContent(el);
      else if (name === 'Identification') profile.identification = this.identification(el);
      else if (SCALAR_KINDS.has(name)) {
        const kind = SCALAR_KINDS.get(name)!;
        const text = this.scalar(el, kind);
        if (name === 'SupportedMediaTypes') {
          profile.supportedMediaTypes = text ?? '';
          supportedMediaTypesSeen = true;
        } else if (name === 'MaxStreamingBitrate') profile.maxStreamingBitrate = this.number(text, 64);
        else if (name === 'MaxStaticBitrate') profile.maxStaticBitrate = this.number(text, 64);
        else if (name === 'MusicStreamingTranscodingBitrate')
          profile.musicStreamingTranscodingBitrate = this.number(text, 32);
        else if (name === 'MaxStaticMusicBitrate') profile.maxStaticMusicBitrate = this.number(text, 32);
        if (!TYPED_SCALARS.has(name) || text === undefined) profile.settings[name] = text;
      } else if (LIST_ITEMS.has(name)) this.list(el, LIST_ITEMS.get(name)!, profile);
      else this.unknown(el, '<Profile>');
    }
    // Jellyfin's DeviceProfile defaults SupportedMediaTypes to "Audio,Photo,Video" when the element is absent.
    if (!supportedMediaTypesSeen) profile.supportedMediaTypes = 'Audio,Photo,Video';
    return profile;
  }

  private number(text: string | undefined, bits: 32 | 64): number | undefined {
    return text === undefined ? undefined : parseXmlInt(text, bits);
  }

  /** Text of a scalar element; undefined for xsi:nil. Reports values XmlSerializer rejects. */
  private scalar(el: XmlElement, kind: ValueKind): string | undefined {
    if (getAttribute(el, 'xsi:nil')?.value === 'true') {
      if (!kind.endsWith('?') && kind !== 'string') {
        this.problem(
          'invalid-value',
          el.pos,
          `<${el.name}> cannot be empty (xsi:nil): Jellyfin needs a value here`,
          `write a value in <${el.name}>`,
        );
      }
      return undefined;
    }
    for (const c of childElements(el)) this.unknown(c, `<${el.name}>`);
    const text = textContent(el);
    const why = checkValue(kind, text);
    if (why)
      this.problem(
        'invalid-value',
        el.pos,
        `<${el.name}>: ${why}; Jellyfin will refuse to load this profile`,
        hintFor(kind),
      );
    return text;
  }

  private list(el: XmlElement, item: string, profile: DeviceProfile): void {
    for (const c of childElements(el)) {
      if (c.name !== item) {
        this.unknown(c, `<${el.name}>`);
        continue;
      }
      const a = this.attributes(c, item);
      switch (item) {
        case 'XmlAttribute':
          (profile.xmlRootAttributes ??= []).push({ name: str(a, 'name'), value: str(a, 'value') });
          break;
        case 'DirectPlayProfile':
          profile.directPlayProfiles.push(this.directPlay(c, a));
          break;
        case 'TranscodingProfile':
          profile.transcodingProfiles.push(this.transcoding(c, a));
          break;
        case 'ContainerProfile':
          profile.containerProfiles.push(this.container(c, a));
          break;
        case 'CodecProfile':
          profile.codecProfiles.push(this.codec(c, a));
          break;
        case 'ResponseProfile':
          profile.responseProfiles.push(this.response(c, a));
          break;
        case 'SubtitleProfile':
          profile.subtitleProfiles.push(this.subtitle(c, a));
          break;
      }
    }
  }

  private directPlay(el: XmlElement, a: Attrs): DirectPlayProfile {
    this.noChildren(el);
    return {
      container: str(a, 'container'),
      audioCodec: str(a, 'audioCodec'),
      videoCodec: str(a, 'videoCodec'),
      type: enumValue(a, 'type', 'Audio'),
      pos: el.pos,
      attrPos: positions(a),
    };
  }

  private transcoding(el: XmlElement, a: Attrs): TranscodingProfile {
    const lists = this.conditionLists(el, 'TranscodingProfile');
    const maxAudioChannels = a.get('maxAudioChannels')?.value;
    return {
      container: str(a, 'container'),
      type: enumValue(a, 'type', 'Audio'),
      videoCodec: str(a, 'videoCodec'),
      audioCodec: str(a, 'audioCodec'),
      protocol: enumValue(a, 'protocol', 'http'),
      context: enumValue(a, 'context', 'Streaming'),
      estimateContentLength: bool(a, 'estimateContentLength', false),
      enableMpegtsM2TsMode: bool(a, 'enableMpegtsM2TsMode', false),
      transcodeSeekInfo: enumValue(a, 'transcodeSeekInfo', 'Auto'),
      copyTimestamps: bool(a, 'copyTimestamps', false),
      enableSubtitlesInManifest: bool(a, 'enableSubtitlesInManifest', false),
      ...(maxAudioChannels !== undefined ? { maxAudioChannels } : {}),
      minSegments: int(a, 'minSegments'),
      segmentLength: int(a, 'segmentLength'),
      breakOnNonKeyFrames: bool(a, 'breakOnNonKeyFrames', false),
      // [DefaultValue(true)] only affects writing; XmlSerializer leaves an absent bool false.
      enableAudioVbrEncoding: bool(a, 'enableAudioVbrEncoding', false),
      conditions: lists.get('Conditions') ?? [],
      pos: el.pos,
      attrPos: positions(a),
    };
  }

  private container(el: XmlElement, a: Attrs): ContainerProfile {
    const lists = this.conditionLists(el, 'ContainerProfile');
    return {
      type: enumValue(a, 'type', 'Audio'),
      container: str(a, 'container'),
      subcontainer: str(a, 'subcontainer'),
      conditions: lists.get('Conditions') ?? [],
      pos: el.pos,
      attrPos: positions(a),
    };
  }

  private codec(el: XmlElement, a: Attrs): CodecProfile {
    const lists = this.conditionLists(el, 'CodecProfile');
    return {
      type: enumValue(a, 'type', 'Video'),
      codec: str(a, 'codec'),
      container: str(a, 'container'),
      subcontainer: str(a, 'subcontainer'),
      conditions: lists.get('Conditions') ?? [],
      applyConditions: lists.get('ApplyConditions') ?? [],
      pos: el.pos,
      attrPos: positions(a),
    };
  }

  private response(el: XmlElement, a: Attrs): ResponseProfile {
    const lists = this.conditionLists(el, 'ResponseProfile');
    return {
      container: str(a, 'container'),
      audioCodec: str(a, 'audioCodec'),
      videoCodec: str(a, 'videoCodec'),
      type: enumValue(a, 'type', 'Audio'),
      ...optional(a, 'orgPn', 'orgPn'),
      ...optional(a, 'mimeType', 'mimeType'),
      conditions: lists.get('Conditions') ?? [],
      pos: el.pos,
      attrPos: positions(a),
    };
  }

  private subtitle(el: XmlElement, a: Attrs): SubtitleProfile {
    this.noChildren(el);
    return {
      format: str(a, 'format'),
      method: enumValue(a, 'method', 'Encode'),
      ...optional(a, 'didlMode', 'didlMode'),
      ...optional(a, 'language', 'language'),
      ...optional(a, 'container', 'container'),
      pos: el.pos,
      attrPos: positions(a),
    };
  }

  private identification(el: XmlElement): DeviceIdentification {
    const ident: DeviceIdentification = { headers: [], pos: el.pos };
    for (const c of childElements(el)) {
      const field = IDENTIFICATION_FIELDS.find(([name]) => name === c.name);
      if (field) ident[field[1]] = this.scalar(c, 'string');
      else if (c.name === 'Headers') {
        for (const h of childElements(c)) {
          if (h.name !== 'HttpHeaderInfo') {
            this.unknown(h, '<Headers>');
            continue;
          }
          this.noChildren(h);
          const a = this.attributes(h, 'HttpHeaderInfo');
          const header: HttpHeaderInfo = {
            name: str(a, 'name'),
            value: str(a, 'value'),
            match: enumValue(a, 'match', 'Equals'),
            pos: h.pos,
            attrPos: positions(a),
          };
          ident.headers.push(header);
        }
      } else this.unknown(c, '<Identification>');
    }
    return ident;
  }

  private conditionLists(el: XmlElement, item: string): Map<string, ProfileCondition[]> {
    const allowed = CONDITION_LISTS[item] ?? [];
    const out = new Map<string, ProfileCondition[]>();
    for (const c of childElements(el)) {
      if (!allowed.includes(c.name)) {
        this.unknown(c, `<${item}>`);
        continue;
      }
      const list = out.get(c.name) ?? [];
      out.set(c.name, list);
      for (const pc of childElements(c)) {
        if (pc.name !== 'ProfileCondition') {
          this.unknown(pc, `<${c.name}>`);
          continue;
        }
        this.noChildren(pc);
        const a = this.attributes(pc, 'ProfileCondition');
        list.push({
          condition: enumValue(a, 'condition', 'Equals'),
          property: enumValue(a, 'property', 'AudioChannels'),
          value: str(a, 'value'),
          // ProfileCondition's constructor sets IsRequired = true; an absent attribute keeps it.
          isRequired: bool(a, 'isRequired', true),
          pos: pc.pos,
          attrPos: positions(a),
        });
      }
    }
    return out;
  }

  /** Known attributes of an item element, validated; unknown ones reported. */
  private attributes(el: XmlElement, item: string): Attrs {
    const schema = ATTRIBUTES[item] ?? [];
    const out: Attrs = new Map();
    for (const attr of el.attributes) {
      const spec = schema.find(([n]) => n === attr.name);
      if (!spec) {
        if (!isNamespaceAttribute(attr.name)) {
          const near = schema.find(([n]) => n.toLowerCase() === attr.name.toLowerCase());
          this.problem(
            'unknown-element',
            attr.pos,
            `attribute '${attr.name}' on <${item}> is not one Jellyfin reads, so it has no effect`,
            near
              ? `attribute names are case-sensitive: write '${near[0]}'`
              : `remove it; <${item}> takes ${schema.map(([n]) => n).join(', ')}`,
          );
        }
        continue;
      }
      const why = checkValue(spec[1], attr.value);
      if (why) {
        this.problem(
          'invalid-value',
          attr.valuePos,
          `${item} ${attr.name}: ${why}; Jellyfin will refuse to load this profile`,
          hintFor(spec[1]),
        );
        continue; // the model keeps Jellyfin's default for this attribute
      }
      out.set(attr.name, { value: attr.value, pos: attr.pos });
    }
    return out;
  }

  private noChildren(el: XmlElement): void {
    for (const c of childElements(el)) this.unknown(c, `<${el.name}>`);
  }

  private unknown(el: XmlElement, where: string): void {
    this.problem(
      'unknown-element',
      el.pos,
      `<${el.name}> in ${where} is not an element Jellyfin reads, so it has no effect`,
      'remove it, or check the spelling (element names are case-sensitive)',
    );
  }

  private problem(rule: ProfileProblem['rule'], pos: SourcePosition, message: string, hint: string): void {
    this.problems.push({ rule, message, hint, pos });
  }
}

function hintFor(kind: ValueKind): string {
  if (kind === 'bool') return 'write true or false';
  if (kind.startsWith('int') || kind.startsWith('long'))
    return 'write a whole number, e.g. 140000000 (digits only, no units)';
  if (kind.startsWith('enum:')) return 'use one of the listed names, spelled exactly';
  return 'fix the value';
}

function str(a: Attrs, name: string): string {
  return a.get(name)?.value ?? '';
}

function optional<K extends string>(a: Attrs, name: string, key: K): Partial<Record<K, string>> {
  const v = a.get(name)?.value;
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}

function enumValue<T extends string>(a: Attrs, name: string, fallback: T): T {
  return (a.get(name)?.value as T | undefined) ?? fallback;
}

function bool(a: Attrs, name: string, fallback: boolean): boolean {
  const v = a.get(name)?.value;
  return v === undefined ? fallback : (parseXmlBool(v) ?? fallback);
}

function int(a: Attrs, name: string): number {
  const v = a.get(name)?.value;
  return v === undefined ? 0 : (parseXmlInt(v, 32) ?? 0);
}

function positions(a: Attrs): Record<string, SourcePosition> {
  const out: Record<string, SourcePosition> = {};
  for (const [name, { pos }] of a) out[name] = pos;
  return out;
}
