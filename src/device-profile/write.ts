// Write the model as a profile document Jellyfin reads back to the same
// profile: the layout of Jellyfin's own files (XmlSerializer order, two-space
// indentation, self-closing empty lists). It is used for new profiles; edits
// to existing files go through fix/ (splices) so users' formatting survives.
import { escapeAttribute, escapeText } from '../xml/entities.js';
import type { DeviceProfile, ProfileCondition } from './model.js';
import { IDENTIFICATION_FIELDS, TOP_LEVEL_SCALARS } from './schema.js';

type AttrValue = string | number | boolean | undefined;

export function serializeProfile(p: DeviceProfile): string {
  const out: string[] = [
    '<?xml version="1.0"?>',
    '<Profile xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '  xmlns:xsd="http://www.w3.org/2001/XMLSchema">',
  ];
  const scalar = (name: string, value: string | number | undefined, nil: boolean): void => {
    if (value !== undefined) out.push(`  <${name}>${escapeText(String(value))}</${name}>`);
    else if (nil) out.push(`  <${name} xsi:nil="true" />`);
  };
  if (p.name !== undefined) scalar('Name', p.name, false);
  if (p.id !== undefined) scalar('Id', p.id, false);
  if (p.identification) {
    const ident = p.identification;
    out.push('  <Identification>');
    for (const [el, key] of IDENTIFICATION_FIELDS) {
      const v = ident[key];
      if (v !== undefined) out.push(`    <${el}>${escapeText(v)}</${el}>`);
    }
    list(out, 2, 'Headers', ident.headers, (h) =>
      element('HttpHeaderInfo', { name: h.name, value: h.value, match: h.match }),
    );
    out.push('  </Identification>');
  }
  const typed: Record<string, number | string | undefined> = {
    SupportedMediaTypes: p.supportedMediaTypes,
    MaxStreamingBitrate: p.maxStreamingBitrate,
    MaxStaticBitrate: p.maxStaticBitrate,
    MusicStreamingTranscodingBitrate: p.musicStreamingTranscodingBitrate,
    MaxStaticMusicBitrate: p.maxStaticMusicBitrate,
  };
  for (const [name] of TOP_LEVEL_SCALARS) {
    const value = name in typed ? typed[name] : p.settings[name];
    scalar(name, value, name in p.settings);
  }
  list(out, 1, 'XmlRootAttributes', p.xmlRootAttributes ?? [], (a) =>
    element('XmlAttribute', { name: a.name, value: a.value }),
  );
  list(out, 1, 'DirectPlayProfiles', p.directPlayProfiles, (d) =>
    element('DirectPlayProfile', {
      container: d.container,
      audioCodec: d.audioCodec || undefined,
      videoCodec: d.videoCodec || undefined,
      type: d.type,
    }),
  );
  list(out, 1, 'TranscodingProfiles', p.transcodingProfiles, (t) =>
    [
      element(
        'TranscodingProfile',
        {
          container: t.container,
          type: t.type,
          videoCodec: t.videoCodec || undefined,
          audioCodec: t.audioCodec || undefined,
          protocol: t.protocol === 'http' ? undefined : t.protocol,
          estimateContentLength: t.estimateContentLength,
          enableMpegtsM2TsMode: t.enableMpegtsM2TsMode,
          transcodeSeekInfo: t.transcodeSeekInfo,
          copyTimestamps: t.copyTimestamps,
          context: t.context,
          enableSubtitlesInManifest: t.enableSubtitlesInManifest,
          maxAudioChannels: t.maxAudioChannels,
          minSegments: t.minSegments,
          segmentLength: t.segmentLength,
          breakOnNonKeyFrames: t.breakOnNonKeyFrames,
          enableAudioVbrEncoding: t.enableAudioVbrEncoding || undefined,
        },
        t.conditions.length > 0 ? [conditions('Conditions', t.conditions)] : undefined,
      ),
    ].flat(),
  );
  list(out, 1, 'ContainerProfiles', p.containerProfiles, (c) =>
    element(
      'ContainerProfile',
      { type: c.type, container: c.container || undefined, subcontainer: c.subcontainer || undefined },
      [conditions('Conditions', c.conditions)],
    ),
  );
  list(out, 1, 'CodecProfiles', p.codecProfiles, (c) =>
    element(
      'CodecProfile',
      {
        type: c.type,
        codec: c.codec || undefined,
        container: c.container || undefined,
        subcontainer: c.subcontainer || undefined,
      },
      [conditions('Conditions', c.conditions), conditions('ApplyConditions', c.applyConditions)],
    ),
  );
  list(out, 1, 'ResponseProfiles', p.responseProfiles, (r) =>
    element(
      'ResponseProfile',
      {
        container: r.container,
        audioCodec: r.audioCodec || undefined,
        videoCodec: r.videoCodec || undefined,
        type: r.type,
        orgPn: r.orgPn,
        mimeType: r.mimeType,
      },
      [conditions('Conditions', r.conditions)],
    ),
  );
  list(out, 1, 'SubtitleProfiles', p.subtitleProfiles, (s) =>
    element('SubtitleProfile', {
      format: s.format,
      method: s.method,
      didlMode: s.didlMode,
      language: s.language,
      container: s.container,
    }),
  );
  out.push('</Profile>', '');
  return out.join('\n');
}

/** An element as lines (indented relative to its own level). */
function element(name: string, attrs: Record<string, AttrValue>, children?: string[][]): string[] {
  let open = `<${name}`;
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) open += ` ${k}="${escapeAttribute(String(v))}"`;
  if (!children || children.length === 0) return [`${open} />`];
  return [`${open}>`, ...children.flat().map((l) => `  ${l}`), `</${name}>`];
}

function conditions(name: string, list: ProfileCondition[]): string[] {
  if (list.length === 0) return [`<${name} />`];
  return [
    `<${name}>`,
    ...list.map(
      (c) =>
        `  ${element('ProfileCondition', { condition: c.condition, property: c.property, value: c.value, isRequired: c.isRequired })[0]}`,
    ),
    `</${name}>`,
  ];
}

function list<T>(out: string[], level: number, name: string, items: T[], render: (item: T) => string[]): void {
  const pad = '  '.repeat(level);
  if (items.length === 0) {
    out.push(`${pad}<${name} />`);
    return;
  }
  out.push(`${pad}<${name}>`);
  for (const item of items) for (const line of render(item)) out.push(`${pad}  ${line}`);
  out.push(`${pad}</${name}>`);
}
