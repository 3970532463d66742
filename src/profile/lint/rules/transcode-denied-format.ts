// transcode-denied-format: the engine's transcode of a synthetic file yields
// a format the TV cannot play: the TranscodingProfile used writes a denied
// container (mkv) or the video leaves in a denied codec (hevc encoded, or
// copied because the profile's codec list allows it). The finding points at
// the TranscodingProfile StreamBuilder used.
import { engineVerdicts } from '../../engine-verdicts.js';
import type { ProfileRule } from '../types.js';

export const transcodeDeniedFormat: ProfileRule = {
  id: 'transcode-denied-format',
  severity: 'error',
  check(ctx) {
    return engineVerdicts(ctx.profile, ctx.policy).transcodeDeniedFormat.map((v) => ({
      pos: v.profile!.pos,
      message: `Jellyfin transcodes ${v.sample.label} with this Video TranscodingProfile and produces ${v.output}, which the TV cannot play`,
      hint: 'remove it and keep an h264 profile in ts or mp4; or run `dlna-bridge profile fix`',
    }));
  },
};
