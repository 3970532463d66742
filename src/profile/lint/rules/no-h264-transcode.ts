// no-h264-transcode: when nothing direct-plays, StreamBuilder transcodes with
// the Video TranscodingProfile of the request's context (DLNA: Streaming) it
// ranks first. The engine transcodes the synthetic denied formats (HEVC in
// mkv, ...): if it has nothing to transcode to, or encodes to something other
// than h264 in ts or mp4, files refused by the policy have nothing safe to
// become. Audio-only profiles (SupportedMediaTypes without Video) are exempt:
// they are never sent video.
import { engineVerdicts } from '../../engine-verdicts.js';
import type { ProfileRule } from '../types.js';
import { topLevelElement } from '../locate.js';

export const noH264Transcode: ProfileRule = {
  id: 'no-h264-transcode',
  severity: 'error',
  check(ctx) {
    const v = engineVerdicts(ctx.profile, ctx.policy).noH264Transcode[0];
    if (!v) return [];
    const at = v.profile?.pos ?? topLevelElement(ctx.doc, 'TranscodingProfiles')?.pos ?? ctx.profile.pos;
    return [
      {
        pos: at,
        message:
          `when Jellyfin transcodes ${v.sample.label} it produces ${v.output}, not h264 in ts or mp4, ` +
          'so files the TV cannot play have no safe format to be transcoded to',
        hint:
          'add <TranscodingProfile container="ts" type="Video" videoCodec="h264" audioCodec="aac" context="Streaming" /> before the other Video TranscodingProfiles; ' +
          'or run `dlna-bridge profile fix`',
      },
    ];
  },
};
