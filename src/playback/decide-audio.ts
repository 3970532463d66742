// StreamBuilder.GetOptimalAudioStream for audio items (music files) as the
// DLNA server calls it: Audio DirectPlayProfiles, Audio CodecProfiles, the
// audio direct-stream rule, then the first Audio/Streaming TranscodingProfile.
import type { DeviceProfile, DirectPlayProfile, ProfileCondition } from '../device-profile/model.js';
import type { MediaFacts } from '../media/facts.js';
import { allows } from './list-match.js';
import { isAudioConditionSatisfied, type AudioConditionInput } from './conditions.js';
import { BIT, reasonForFailedCondition, reasonsOf } from './transcode-reasons.js';
import {
  UNKNOWN_ITEM_BITRATE,
  bitrateLimitExceeded,
  defaultAudioStream,
  maxBitrateFor,
  type DecideOptions,
} from './decide-video.js';
import type { PlaybackDecision } from './decision.js';

/**
 * IsAudioContainerSupported (10.10.7 and 10.11): the container is accepted, but never mkv
 * audio on a profile that names only webm ("mkv is assumed can be webm", jellyfin #13344).
 */
function audioContainerSupported(dp: DirectPlayProfile, container: string | undefined): boolean {
  if (!allows(dp.container, container)) return false;
  return !allows('mkv', container) || allows(dp.container, 'mkv');
}

/** IsAudioDirectStreamSupported: the container is NOT accepted, but the codec is named exactly. */
function directStreamCandidate(
  dp: DirectPlayProfile,
  container: string | undefined,
  codec: string | undefined,
): boolean {
  if (audioContainerSupported(dp, container)) return false;
  const c = (codec ?? '').toLowerCase();
  return (dp.audioCodec ?? '').toLowerCase() === c || (dp.container ?? '').toLowerCase() === c;
}

export function decideAudio(facts: MediaFacts, profile: DeviceProfile, options: DecideOptions = {}): PlaybackDecision {
  const audio = defaultAudioStream(facts.audio);
  const container = facts.container;
  const maxBitrate = maxBitrateFor(profile, options);
  const exceeded = bitrateLimitExceeded(facts.bitrate, maxBitrate);
  const notes: string[] = [];
  const base = {
    mediaType: 'Audio' as const,
    maxBitrate,
    itemBitrate: facts.bitrate ?? UNKNOWN_ITEM_BITRATE,
    notes,
    audioStreamIndex: audio?.index,
    protocol: 'http' as const,
    videoCodecs: [] as string[],
    audioCodecs: audio ? [audio.codec] : [],
  };
  const audioDps = profile.directPlayProfiles.filter((dp) => dp.type === 'Audio');

  let reasons = 0;
  let dp = audioDps.find((p) => audioContainerSupported(p, container) && allows(p.audioCodec, audio?.codec));
  if (!dp) {
    dp = audioDps.find((p) => directStreamCandidate(p, container, audio?.codec));
    if (dp) {
      reasons |= BIT.ContainerNotSupported;
    } else {
      // GetTranscodeReasonsFromDirectPlayProfile
      let containerOk = false;
      let audioOk = false;
      for (const p of audioDps) {
        if (allows(p.container, container)) {
          containerOk = true;
          audioOk = audio === undefined || allows(p.audioCodec, audio.codec);
          if (audioOk) break;
        }
      }
      if (!containerOk) reasons |= BIT.ContainerNotSupported;
      if (!audioOk) reasons |= BIT.AudioCodecNotSupported;
    }
  }

  if (dp && reasons === 0) {
    if (!exceeded) {
      const input: AudioConditionInput = {
        audioChannels: audio?.channels,
        audioBitrate: audio?.bitRate,
        audioSampleRate: audio?.sampleRate,
        audioBitDepth: audio?.bitDepth,
      };
      const ok = (c: ProfileCondition): boolean => isAudioConditionSatisfied(c, input);
      let failed = 0;
      for (const cp of profile.codecProfiles) {
        if (cp.type !== 'Audio' || !allows(cp.container, container)) continue;
        if (cp.codec && !cp.codec.split(',').some((c) => c.toLowerCase() === (audio?.codec ?? '').toLowerCase()))
          continue;
        if (!cp.applyConditions.every(ok)) continue;
        for (const c of cp.conditions) {
          if (!ok(c)) {
            const r = reasonForFailedCondition(c.property);
            if (r) failed |= BIT[r];
          }
        }
      }
      reasons |= failed;
      if (failed === 0) {
        return {
          ...base,
          playMethod: 'DirectPlay',
          reasons: [],
          directPlayProfile: dp,
          container,
          servesOriginalFile: true,
        };
      }
    } else {
      reasons |= BIT.ContainerBitrateExceedsLimit;
    }
  } else if (dp && reasons === BIT.ContainerNotSupported) {
    if (!exceeded) {
      notes.push('DLNA Direct Stream URLs carry Static=true: Jellyfin serves the original file instead of remuxing it');
      const remux = ['ts', 'mp4'].includes((dp.container ?? '').toLowerCase()) ? dp.container : 'ts';
      return {
        ...base,
        playMethod: 'DirectStream',
        reasons: reasonsOf(reasons),
        directPlayProfile: dp,
        container: remux,
        servesOriginalFile: true,
        transcode: { container: remux, audioCodec: audio?.codec, videoAction: 'copy', audioAction: 'copy' },
      };
    }
    reasons |= BIT.ContainerBitrateExceedsLimit;
  }

  const tp = profile.transcodingProfiles.find((p) => p.type === 'Audio' && (p.context ?? 'Streaming') === 'Streaming');
  if (!tp) {
    notes.push(
      'the profile has no Audio TranscodingProfile with context Streaming: Jellyfin has nothing to transcode to',
    );
    return { ...base, playMethod: 'Transcode', reasons: reasonsOf(reasons), servesOriginalFile: false };
  }
  // Audio transcoding bitrate: MusicStreamingTranscodingBitrate, capped by the max bitrate, else 128k.
  let bitrate = profile.musicStreamingTranscodingBitrate ?? maxBitrate ?? 128_000;
  if (maxBitrate !== undefined) bitrate = Math.min(maxBitrate, bitrate);
  const targetCodec = tp.audioCodec || tp.container;
  return {
    ...base,
    protocol: tp.protocol.toLowerCase() === 'hls' ? 'hls' : 'http',
    audioCodecs: targetCodec ? [targetCodec] : [],
    playMethod: 'Transcode',
    reasons: reasonsOf(reasons),
    transcodingProfile: tp,
    container: tp.container,
    servesOriginalFile: false,
    transcode: {
      container: tp.container,
      audioCodec: targetCodec,
      videoAction: 'copy', // an audio item has no video to encode
      audioAction: 'encode',
      audioBitrate: bitrate,
    },
  };
}
