// direct-stream-trap: the denied container is in no Video DirectPlayProfile,
// yet a file in it (say h264 in mkv) still passes the video codec and condition
// checks of one of them. Its only failure is ContainerNotSupported, one of
// StreamBuilder's DirectStreamReasons, so Jellyfin picks Direct Stream; the
// DLNA plugin serves a Direct Stream URL with Static=true, i.e. the original
// file (jellyfin-plugin-dlna #23, jellyfin #8176). The TV gets the mkv anyway.
import { directStreamTrap } from '../../analysis.js';
import type { ProfileRule, RuleFinding } from '../types.js';

export const directStreamTrapRule: ProfileRule = {
  id: 'direct-stream-trap',
  severity: 'error',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const c of ctx.policy.denyContainers) {
      const through = directStreamTrap(ctx.profile, c, ctx.policy);
      const first = through[0];
      if (!first) continue;
      out.push({
        pos: first.pos,
        message:
          `${c} is excluded from direct play, but a ${c} file whose codecs this Video DirectPlayProfile accepts fails only on its container, ` +
          `so Jellyfin chooses Direct Stream, and over DLNA a Direct Stream serves the original ${c} file to the TV`,
        hint:
          `add a Video ContainerProfile for ${c} with a condition no video meets, e.g. ` +
          `<ContainerProfile type="Video" container="${c}"><Conditions><ProfileCondition condition="LessThanEqual" property="Width" value="0" isRequired="true" /></Conditions></ContainerProfile>, ` +
          'so such files are remuxed or transcoded; or run `dlna-bridge profile fix`',
      });
    }
    return out;
  },
};
