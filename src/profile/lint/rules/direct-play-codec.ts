// direct-play-codec: a Video DirectPlayProfile admits a video codec the TV
// cannot decode (explicitly, by an empty list, or by a deny-list missing it).
// Codec names are ffprobe's codec_name (hevc, not h265).
import { admitReason } from '../../lists.js';
import { codecBlocked, videoDirectPlayProfiles } from '../../analysis.js';
import type { ProfileRule, RuleFinding } from '../types.js';
import { tokenPosition } from '../locate.js';
import { admitHint, admitMessage } from './direct-play-container.js';

export const directPlayCodec: ProfileRule = {
  id: 'direct-play-codec',
  severity: 'error',
  check(ctx) {
    const out: RuleFinding[] = [];
    const index = ctx.elements;
    for (const d of videoDirectPlayProfiles(ctx.profile)) {
      for (const c of ctx.policy.denyVideoCodecs) {
        const why = admitReason(d.videoCodec, c);
        // A CodecProfile refusing every video of this codec overrides the list.
        if (!why || codecBlocked(ctx.profile, c)) continue;
        out.push({
          pos: tokenPosition(index, ctx.doc, d.pos, 'videoCodec', why === 'listed' ? c : undefined),
          message: admitMessage('videoCodec', d.videoCodec, c, why) + `, so Jellyfin sends ${c} video to the TV without transcoding and the TV cannot decode it`,
          hint: admitHint('videoCodec', d.videoCodec, c, why),
        });
      }
    }
    return out;
  },
};
