// direct-play-container: a Video DirectPlayProfile admits a container the TV
// cannot open, by naming it, by an empty list (ContainerHelper: matches all),
// or by a deny-list that does not exclude it. StreamBuilder then direct-plays
// such files: the TV receives the original file and fails.
import { admitReason } from '../../lists.js';
import { containerBlocked, videoDirectPlayProfiles } from '../../analysis.js';
import type { ProfileRule, RuleFinding } from '../types.js';
import { tokenPosition } from '../locate.js';

export const directPlayContainer: ProfileRule = {
  id: 'direct-play-container',
  severity: 'error',
  check(ctx) {
    const out: RuleFinding[] = [];
    const index = ctx.elements;
    for (const d of videoDirectPlayProfiles(ctx.profile)) {
      for (const c of ctx.policy.denyContainers) {
        const why = admitReason(d.container, c);
        // A ContainerProfile refusing every video in this container overrides the list.
        if (!why || containerBlocked(ctx.profile, c)) continue;
        out.push({
          pos: tokenPosition(index, ctx.doc, d.pos, 'container', why === 'listed' ? c : undefined),
          message: admitMessage('container', d.container, c, why) + `, so Jellyfin sends ${c} files to the TV untouched (Direct Play) and the TV cannot play them`,
          hint: admitHint('container', d.container, c, why),
        });
      }
    }
    return out;
  },
};

export function admitMessage(attr: 'container' | 'videoCodec', list: string, token: string, why: 'empty-list' | 'listed' | 'deny-list-misses-it'): string {
  const what = attr === 'container' ? 'containers' : 'video codecs';
  if (why === 'empty-list') return `this Video DirectPlayProfile has an empty ${attr} list, which Jellyfin reads as "all ${what}", ${token} included`;
  if (why === 'listed') return `this Video DirectPlayProfile lists ${token} in ${attr}="${list}"`;
  return `the deny-list ${attr}="${list}" does not exclude ${token}`;
}

export function admitHint(attr: 'container' | 'videoCodec', list: string, token: string, why: 'empty-list' | 'listed' | 'deny-list-misses-it'): string {
  const auto = 'or run `dlna-bridge profile fix`';
  if (why === 'empty-list') return `list what the TV plays (e.g. ${attr}="${attr === 'container' ? 'mp4,ts' : 'h264'}") or deny ${token}: ${attr}="-${token}"; ${auto}`;
  if (why === 'listed') return `remove ${token} from ${attr}; ${auto}`;
  return `add it to the deny-list: ${attr}="${list},${token}"; ${auto}`;
}
