// direct-stream-trap: the denied container is not direct-played, yet a file
// in it (h264 in mkv, say) fails only for Direct Stream reasons
// (ContainerNotSupported, audio, codec tag): StreamBuilder picks Direct Stream,
// and the DLNA plugin serves a Direct Stream URL with Static=true, i.e. the
// original file (jellyfin-plugin-dlna #23, jellyfin #8176). The TV gets the
// mkv anyway. Answered by the engine over synthetic media, so any way of
// closing the trap counts (a ContainerProfile, a CodecProfile limited to the
// container, ...); the finding points at the DirectPlayProfile matched.
import { engineVerdicts } from '../../engine-verdicts.js';
import type { ProfileRule, RuleFinding } from '../types.js';

export const directStreamTrapRule: ProfileRule = {
  id: 'direct-stream-trap',
  severity: 'error',
  check(ctx) {
    const out: RuleFinding[] = [];
    const seen = new Set<string>();
    for (const v of engineVerdicts(ctx.profile, ctx.policy).directStreamTrap) {
      const c = v.token;
      if (seen.has(c)) continue;
      seen.add(c);
      out.push({
        pos: v.profile.pos,
        message:
          `${c} is excluded from direct play, but a ${c} file whose codecs this Video DirectPlayProfile accepts (${v.sample.label}) fails only on ` +
          `${v.decision.reasons.join(', ')}, so Jellyfin chooses Direct Stream, and over DLNA a Direct Stream serves the original ${c} file to the TV`,
        hint:
          `add a Video ContainerProfile for ${c} with a condition no video meets, e.g. ` +
          `<ContainerProfile type="Video" container="${c}"><Conditions><ProfileCondition condition="LessThanEqual" property="Width" value="0" isRequired="true" /></Conditions></ContainerProfile>, ` +
          'so such files are remuxed or transcoded; or run `dlna-bridge profile fix`',
      });
    }
    return out;
  },
};
