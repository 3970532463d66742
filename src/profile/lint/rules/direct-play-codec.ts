// direct-play-codec: the engine sends a video codec the TV cannot decode
// (hevc, say) to it untouched: a Video DirectPlayProfile admits the codec
// (explicitly, by an empty list, or by a deny-list missing it) and no
// CodecProfile or ContainerProfile refuses the file, so it is direct-played (or,
// over DLNA, "direct-streamed" as the original file). Codec names are ffprobe's
// codec_name (hevc, not h265). Answered by the engine over synthetic media
// (HEVC in mp4, ts, mkv); the finding points at the DirectPlayProfile matched.
import { admitReason } from '../../../device-profile/lists.js';
import { engineVerdicts } from '../../engine-verdicts.js';
import type { ProfileRule, RuleFinding } from '../types.js';
import { tokenPosition } from '../locate.js';
import { admitHint, admitMessage } from './direct-play-container.js';

export const directPlayCodec: ProfileRule = {
  id: 'direct-play-codec',
  severity: 'error',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const v of engineVerdicts(ctx.profile, ctx.policy).directPlayCodec) {
      const d = v.profile;
      const c = v.token;
      const why = admitReason(d.videoCodec, c) ?? 'listed';
      out.push({
        pos: tokenPosition(ctx.elements, ctx.doc, d.pos, 'videoCodec', why === 'listed' ? c : undefined),
        message:
          admitMessage('videoCodec', d.videoCodec, c, why) +
          `, so Jellyfin sends ${c} video to the TV without transcoding (${v.decision.playMethod}: ${v.sample.label}) and the TV cannot decode it`,
        hint: admitHint('videoCodec', d.videoCodec, c, why),
      });
    }
    return out;
  },
};
