// Pass 2 of fix: add what the engine says the profile lacks, shaped like its siblings.
//
// Closing the direct-stream trap. StreamBuilder.GetVideoDirectPlayProfile
// ORs the failed conditions of every Video ContainerProfile matching the
// file's container into each DirectPlayProfile's failure reasons, and picks
// Direct Stream only when all remaining reasons are DirectStreamReasons
// (ContainerNotSupported, audio, VideoCodecTagNotSupported). A condition that
// no video meets and that maps to a video reason therefore rules out both
// Direct Play and Direct Stream for that container, whatever the codecs:
// "Width <= 0, required" fails for every video (ConditionProcessor: an unknown
// width fails a required condition) and maps to VideoResolutionNotSupported.
// The file is then transcoded with a TranscodingProfile; ContainerProfiles are
// not applied to the transcode output, so an h264 source can still be copied
// into ts instead of re-encoded.
//
// The h264 fallback. GetVideoTranscodeProfile ranks Video TranscodingProfiles
// of the request's context and keeps the first among equals, so the new h264
// ts profile goes before the existing Video ones: a source no profile can copy
// (e.g. hevc) is then encoded to h264, not to whatever came first.
import { childElements } from '../../xml/tree.js';
import type { XmlDocument, XmlElement } from '../../xml/types.js';
import type { EngineVerdicts } from '../engine-verdicts.js';
import { topLevelElement } from '../lint/locate.js';
import { appendChildren, insertBefore, insertTopLevel, layoutOf, type Layout } from './layout.js';
import type { Splice } from '../../xml/splice.js';

export const H264_TRANSCODING_PROFILE =
  '<TranscodingProfile container="ts" type="Video" videoCodec="h264" audioCodec="aac" estimateContentLength="false" enableMpegtsM2TsMode="false" ' +
  'transcodeSeekInfo="Auto" copyTimestamps="false" context="Streaming" enableSubtitlesInManifest="false" minSegments="0" segmentLength="0" breakOnNonKeyFrames="false" />';

export function blockingContainerProfile(layout: Layout, containers: readonly string[]): string[] {
  const u = layout.unit;
  const list = containers.join(',');
  return [
    `<ContainerProfile type="Video" container="${list}">`,
    `${u}<Conditions>`,
    `${u}${u}<!-- dlna-bridge: no video is 0 pixels wide, so Jellyfin neither direct-plays nor direct-streams ${list} (over DLNA a direct stream is the original file); it remuxes or transcodes instead -->`,
    `${u}${u}<ProfileCondition condition="LessThanEqual" property="Width" value="0" isRequired="true" />`,
    `${u}</Conditions>`,
    '</ContainerProfile>',
  ];
}

export function planMissingProfiles(
  doc: XmlDocument,
  verdicts: EngineVerdicts,
): { splices: Splice[]; changes: string[] } {
  const layout = layoutOf(doc);
  const splices: Splice[] = [];
  const changes: string[] = [];
  const trapped = [...new Set(verdicts.directStreamTrap.map((v) => v.token))];
  if (trapped.length > 0) {
    const lines = blockingContainerProfile(layout, trapped);
    const parent = topLevelElement(doc, 'ContainerProfiles');
    splices.push(
      parent
        ? appendChildren(layout, parent, lines)
        : insertTopLevel(
            layout,
            doc.root,
            lastOf(doc, ['TranscodingProfiles', 'DirectPlayProfiles']),
            'ContainerProfiles',
            lines,
          ),
    );
    changes.push(
      `added a Video ContainerProfile for ${trapped.join(',')} that no video satisfies, so Jellyfin cannot direct-stream (serve the original) ${trapped.join(',')} files`,
    );
  }
  if (verdicts.noH264Transcode.length > 0) {
    const parent = topLevelElement(doc, 'TranscodingProfiles');
    const firstVideo = parent ? childElements(parent).find(isVideoTranscodingProfile) : undefined;
    const lines = [H264_TRANSCODING_PROFILE];
    splices.push(
      firstVideo
        ? insertBefore(layout, firstVideo, lines)
        : parent
          ? appendChildren(layout, parent, lines)
          : insertTopLevel(layout, doc.root, lastOf(doc, ['DirectPlayProfiles']), 'TranscodingProfiles', lines),
    );
    changes.push(
      'added a Video TranscodingProfile producing h264 + aac in ts, ahead of the other Video transcoding profiles',
    );
  }
  return { splices, changes };
}

function isVideoTranscodingProfile(el: XmlElement): boolean {
  return el.name === 'TranscodingProfile' && el.attributes.some((a) => a.name === 'type' && a.value === 'Video');
}

function lastOf(doc: XmlDocument, names: readonly string[]): XmlElement | undefined {
  for (const n of names) {
    const el = topLevelElement(doc, n);
    if (el) return el;
  }
  return undefined;
}
