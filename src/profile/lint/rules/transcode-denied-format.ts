// transcode-denied-format: a Video TranscodingProfile whose output the TV
// cannot play (a denied container such as mkv, or a denied codec such as hevc
// as the codec ffmpeg encodes). StreamBuilder.GetVideoTranscodeProfile ranks
// profiles by what they can copy, so this one may be picked even when a safe
// h264 profile exists (e.g. Sony Blu-ray's mkv profile wins for ac3 audio).
import { deniedTranscodingProfiles } from '../../analysis.js';
import type { ProfileRule } from '../types.js';

export const transcodeDeniedFormat: ProfileRule = {
  id: 'transcode-denied-format',
  severity: 'error',
  check(ctx) {
    return deniedTranscodingProfiles(ctx.profile, ctx.policy).map((t) => ({
      pos: t.pos,
      message: `this Video TranscodingProfile produces ${t.videoCodec || 'the source codec'} in ${t.container}, which the TV cannot play; Jellyfin may choose it when it can copy more of the source`,
      hint: 'remove it and keep an h264 profile in ts or mp4; or run `dlna-bridge profile fix`',
    }));
  },
};
