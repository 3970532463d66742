// direct-play-container: the engine direct-plays a file in a container the TV
// cannot open (h264 in mkv, say): a Video DirectPlayProfile admits it, by
// naming it, by an empty list (ContainerHelper: matches all), or by a
// deny-list that does not exclude it, and nothing else (a ContainerProfile, a
// CodecProfile) refuses the file. The TV receives the original file and fails.
// Answered by the engine over synthetic media (src/profile/engine-verdicts.ts);
// the finding points at the DirectPlayProfile StreamBuilder matched.
import { admitReason } from '../../../device-profile/lists.js';
import { engineVerdicts } from '../../engine-verdicts.js';
import type { ProfileRule, RuleFinding } from '../types.js';
import { tokenPosition } from '../locate.js';

export const directPlayContainer: ProfileRule = {
  id: 'direct-play-container',
  severity: 'error',
  check(ctx) {
    const out: RuleFinding[] = [];
    for (const v of engineVerdicts(ctx.profile, ctx.policy).directPlayContainer) {
      const d = v.profile;
      const c = v.token;
      const why = admitReason(d.container, c) ?? 'listed';
      out.push({
        pos: tokenPosition(ctx.elements, ctx.doc, d.pos, 'container', why === 'listed' ? c : undefined),
        message:
          admitMessage('container', d.container, c, why) +
          `, so Jellyfin sends ${c} files to the TV untouched (Direct Play: ${v.sample.label}) and the TV cannot play them`,
        hint: admitHint('container', d.container, c, why),
      });
    }
    return out;
  },
};

export function admitMessage(
  attr: 'container' | 'videoCodec',
  list: string,
  token: string,
  why: 'empty-list' | 'listed' | 'deny-list-misses-it',
): string {
  const what = attr === 'container' ? 'containers' : 'video codecs';
  if (why === 'empty-list')
    return `this Video DirectPlayProfile has an empty ${attr} list, which Jellyfin reads as "all ${what}", ${token} included`;
  if (why === 'listed') return `this Video DirectPlayProfile lists ${token} in ${attr}="${list}"`;
  return `the deny-list ${attr}="${list}" does not exclude ${token}`;
}

export function admitHint(
  attr: 'container' | 'videoCodec',
  list: string,
  token: string,
  why: 'empty-list' | 'listed' | 'deny-list-misses-it',
): string {
  const auto = 'or run `dlna-bridge profile fix`';
  if (why === 'empty-list')
    return `list what the TV plays (e.g. ${attr}="${attr === 'container' ? 'mp4,ts' : 'h264'}") or deny ${token}: ${attr}="-${token}"; ${auto}`;
  if (why === 'listed') return `remove ${token} from ${attr}; ${auto}`;
  return `add it to the deny-list: ${attr}="${list},${token}"; ${auto}`;
}
