// BuildVideoItemSimpleTest of Jellyfin's StreamBuilderTests.cs, ported: the
// engine decides for a row's profile and media source with the row's
// MediaOptions, and every assertion the C# test makes is made on the engine's
// decision (read as the StreamInfo fields the C# test reads). Returns the
// failed assertions in words; an empty list means the row passes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { decidePlayback, type DecideOptions } from '../../src/playback/decide.js';
import type { PlaybackDecision } from '../../src/playback/decision.js';
import { BIT, CONTAINER_REASONS, maskOf } from '../../src/playback/transcode-reasons.js';
import type { DeviceProfile } from '../../src/device-profile/model.js';
import type { MediaFacts } from '../../src/media/facts.js';
import { readDeviceProfile, readMediaSource } from './jellyfin-json.js';
import type { StreamBuilderRow } from './row.js';

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/jellyfin-streambuilder',
);

const profiles = new Map<string, DeviceProfile>();
export function profileNamed(device: string): DeviceProfile {
  let p = profiles.get(device);
  if (!p) {
    p = readDeviceProfile(JSON.parse(readFileSync(path.join(FIXTURES, `DeviceProfile-${device}.json`), 'utf8')));
    profiles.set(device, p);
  }
  return p;
}

/** A fresh copy per row: nothing a decision does can leak into the next row. */
export function mediaNamed(media: string): MediaFacts {
  return readMediaSource(JSON.parse(readFileSync(path.join(FIXTURES, `MediaSourceInfo-${media}.json`), 'utf8')));
}

/** GetMediaOptions plus what each theory sets (AudioStreamIndex, SubtitleStreamIndex). */
export function optionsFor(row: StreamBuilderRow, facts: MediaFacts): DecideOptions {
  const options: DecideOptions = {
    allowAudioStreamCopy: true,
    allowVideoStreamCopy: true,
    enableDirectStream: false, // "This is disabled in server"
    canExtractSubtitles: false, // Mock<ITranscoderSupport>: CanExtractSubtitles returns false
  };
  const streamCount = facts.numStreams ?? 0;
  if (row.theory === 'BuildVideoItemWithFirstExplicitStream') {
    options.audioStreamIndex = 1;
    options.subtitleStreamIndex = streamCount - 1;
  } else if (row.theory === 'BuildVideoItemWithDirectPlayExplicitStreams' && streamCount > 0) {
    options.audioStreamIndex = streamCount - 2;
    options.subtitleStreamIndex = streamCount - 1;
  }
  return options;
}

/** MediaSourceInfo.GetDefaultAudioStream(StreamInfo.AudioStreamIndex): StreamInfo.TargetAudioStream. */
function targetAudioStream(facts: MediaFacts, d: PlaybackDecision) {
  const idx = d.audioStreamIndex;
  if (idx !== undefined && idx !== -1) {
    const found = facts.audio.find((a) => a.index === idx);
    if (found) return found;
  }
  return facts.audio.find((a) => a.isDefault) ?? facts.audio[0];
}

/** StreamInfo.ToUrl's file name and extension. */
function uriOf(d: PlaybackDecision): { filename: string; extension: string } {
  if (d.protocol === 'hls') return { filename: 'master', extension: 'm3u8' };
  return { filename: 'stream', extension: d.container ?? '' };
}

export function checkRow(row: StreamBuilderRow): string[] {
  const facts = mediaNamed(row.media);
  const options = optionsFor(row, facts);
  const d = decidePlayback(facts, profileNamed(row.device), options);
  const fail: string[] = [];
  const expect = (ok: boolean, what: string): void => {
    if (!ok) fail.push(what);
  };
  const protocol = row.protocol === '' ? 'HLS.ts' : row.protocol;

  if (row.playMethod !== null)
    expect(d.playMethod === row.playMethod, `play method ${d.playMethod}, expected ${row.playMethod}`);
  const why = maskOf(...row.why);
  const got = maskOf(...d.reasons);
  expect(got === why, `reasons [${d.reasons.join(', ')}], expected [${row.why.join(', ')}]`);

  const uri = uriOf(d);
  const videoCodecs = d.videoCodecs ?? [];
  const audioCodecs = d.audioCodecs ?? [];
  const video = facts.video;
  const targetAudio = targetAudioStream(facts, d);
  // StreamInfo.TargetVideoCodec when not direct-streaming: the input codec if the request allows it, else every allowed codec.
  const targetVideoCodec = (() => {
    const same = video && videoCodecs.find((c) => c.toLowerCase() === video.codec.toLowerCase());
    return same !== undefined ? [same] : [...videoCodecs];
  })();

  if (row.playMethod === 'DirectPlay') {
    // containers = the media source's Container after NormalizeMediaSourceFormatIntoSingleContainer
    expect(
      (d.container ?? '').split(',').includes(uri.extension),
      `URL extension ${uri.extension} not in container ${d.container}`,
    );
    expect(
      (facts.container ?? '').split(',').includes(uri.extension),
      `URL extension ${uri.extension} not in the source container ${facts.container}`,
    );
    if (video?.codec !== undefined) {
      expect(
        videoCodecs.length === 1 && videoCodecs[0] === video.codec,
        `target video codecs [${videoCodecs.join(',')}], expected [${video.codec}]`,
      );
    }
    if (targetAudio?.codec !== undefined) {
      expect(
        audioCodecs.length === 1 && audioCodecs[0] === targetAudio.codec,
        `target audio codecs [${audioCodecs.join(',')}], expected [${targetAudio.codec}]`,
      );
    }
    if (row.mode === 'DirectStream')
      expect(d.container === uri.extension, `container ${d.container} is not the URL extension ${uri.extension}`);
  } else if (row.playMethod === 'Transcode') {
    expect(d.container !== undefined, 'no container');
    expect(videoCodecs.length > 0, 'no video codecs');
    expect(audioCodecs.length > 0, 'no audio codecs');
    if (protocol === 'http') {
      expect(
        d.container === uri.extension && uri.filename === 'stream' && d.protocol === 'http',
        `expected http stream.<container>, got ${d.protocol} ${uri.filename}.${uri.extension}`,
      );
    } else {
      const container = protocol === 'HLS.mp4' ? 'mp4' : 'ts';
      expect(d.container === container, `container ${d.container}, expected ${container}`);
      expect(
        uri.extension === 'm3u8' && uri.filename === 'master' && d.protocol === 'hls',
        `expected HLS master.m3u8, got ${d.protocol} ${uri.filename}.${uri.extension}`,
      );
    }
    if (row.mode === 'Transcode') {
      if ((got & (CONTAINER_REASONS | BIT.DirectPlayError | BIT.VideoRangeTypeNotSupported)) === 0 && video) {
        expect(
          !videoCodecs.includes(video.codec),
          `full transcode, yet the video codecs [${videoCodecs.join(',')}] allow the source's ${video.codec}`,
        );
      }
    } else {
      expect(
        video !== undefined && targetVideoCodec.length === 1 && targetVideoCodec[0] === video.codec,
        `video not copied: target video codecs [${targetVideoCodec.join(',')}], source ${video?.codec}`,
      );
      if (row.mode === 'DirectStream') {
        if (targetAudio && !targetAudio.isExternal) {
          if ((why & BIT.AudioChannelsNotSupported) === 0) {
            expect(
              !audioCodecs.includes(targetAudio.codec),
              `audio should be encoded, yet the audio codecs [${audioCodecs.join(',')}] allow ${targetAudio.codec}`,
            );
          } else {
            expect(
              d.transcode?.audioChannels === d.transcode?.transcodingMaxAudioChannels,
              `audio channels ${d.transcode?.audioChannels}, expected the profile's maxAudioChannels ${d.transcode?.transcodingMaxAudioChannels}`,
            );
          }
        }
      } else {
        expect(
          targetAudio !== undefined && audioCodecs.length === 1 && audioCodecs[0] === targetAudio.codec,
          `audio not copied: audio codecs [${audioCodecs.join(',')}], target audio ${targetAudio?.codec}`,
        );
      }
      const t = d.transcode;
      expect(t?.estimateContentLength !== true, 'EstimateContentLength is set');
      expect((t?.transcodeSeekInfo ?? 'Auto') === 'Auto', `TranscodeSeekInfo ${t?.transcodeSeekInfo}`);
      const profilesAllowed = (t?.videoProfile ?? '').split(',').map((s) => s.toLowerCase());
      expect(
        profilesAllowed.includes((video?.profile ?? '').toLowerCase()),
        `target video profile ${t?.videoProfile}, source ${video?.profile}`,
      );
      expect(t?.videoLevel === video?.level, `target video level ${t?.videoLevel}, source ${video?.level}`);
      expect(t?.videoBitDepth === video?.bitDepth, `target bit depth ${t?.videoBitDepth}, source ${video?.bitDepth}`);
      const vb = t?.videoBitrate ?? 0;
      expect(
        vb >= (video?.bitRate ?? 0) && vb <= 2_147_483_647,
        `target video bitrate ${vb} below the source's ${video?.bitRate}`,
      );
      if ((why & BIT.AudioCodecNotSupported) !== 0) {
        if (options.audioStreamIndex !== undefined && options.audioStreamIndex >= 0) {
          if (targetAudio && !targetAudio.isExternal) {
            expect(
              !audioCodecs.includes(targetAudio.codec),
              `audio codecs [${audioCodecs.join(',')}] allow the unsupported ${targetAudio.codec}`,
            );
          }
        } else {
          const isDefault = targetAudio?.isDefault === true;
          const candidates = facts.audio.filter((a) =>
            isDefault ? a.isDefault : a.language === targetAudio?.language,
          );
          for (const a of candidates) {
            if (!a.isExternal)
              expect(
                !audioCodecs.includes(a.codec),
                `audio codecs [${audioCodecs.join(',')}] allow the candidate ${a.codec}`,
              );
          }
        }
      }
    }
  } else if (row.playMethod === null) {
    expect(
      d.protocol === 'http' && uri.filename === 'stream',
      `expected http stream, got ${d.protocol} ${uri.filename}`,
    );
    expect(d.transcode?.estimateContentLength !== true, 'EstimateContentLength is set');
    expect(
      (d.transcode?.transcodeSeekInfo ?? 'Auto') === 'Auto',
      `TranscodeSeekInfo ${d.transcode?.transcodeSeekInfo}`,
    );
  }

  if (row.theory !== 'BuildVideoItemSimple') {
    expect(
      d.audioStreamIndex === options.audioStreamIndex,
      `audio stream ${d.audioStreamIndex}, expected ${options.audioStreamIndex}`,
    );
    expect(
      d.subtitleStreamIndex === options.subtitleStreamIndex,
      `subtitle stream ${d.subtitleStreamIndex}, expected ${options.subtitleStreamIndex}`,
    );
  }
  return fail;
}
