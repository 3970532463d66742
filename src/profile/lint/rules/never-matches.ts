// never-matches: a list token Jellyfin can never match, because containers are
// ffprobe format names after ProbeResultNormalizer (matroska -> mkv, mpegts ->
// ts) and codecs are ffprobe codec names (hevc, never h265/x265), compared
// exactly with no trimming (ContainerHelper).
import { neverMatchSuggestion, parseList } from '../../../device-profile/lists.js';
import type { SourcePosition } from '../../../device-profile/model.js';
import type { ProfileRule, RuleFinding } from '../types.js';
import { tokenPosition } from '../locate.js';

type Kind = 'container' | 'codec';

export const neverMatches: ProfileRule = {
  id: 'never-matches',
  severity: 'warning',
  check(ctx) {
    const out: RuleFinding[] = [];
    const index = ctx.elements;
    const scan = (element: string, pos: SourcePosition, attr: string, list: string, kind: Kind): void => {
      for (const token of parseList(list).tokens) {
        const suggestion = neverMatchSuggestion(token, kind);
        if (suggestion === undefined) continue;
        const spaced = token.trim() !== token;
        out.push({
          pos: tokenPosition(index, ctx.doc, pos, attr, token),
          message: spaced
            ? `"${token}" in ${element} ${attr} has spaces around it; Jellyfin compares list entries exactly, so it never matches anything`
            : `"${token}" in ${element} ${attr} never matches: Jellyfin names this ${kind} "${suggestion}"`,
          hint: `write "${suggestion}" instead of "${token}"`,
        });
      }
    };
    const p = ctx.profile;
    for (const d of p.directPlayProfiles) {
      scan('DirectPlayProfile', d.pos, 'container', d.container, 'container');
      scan('DirectPlayProfile', d.pos, 'videoCodec', d.videoCodec, 'codec');
      scan('DirectPlayProfile', d.pos, 'audioCodec', d.audioCodec, 'codec');
    }
    for (const c of p.containerProfiles) scan('ContainerProfile', c.pos, 'container', c.container, 'container');
    for (const c of p.codecProfiles) {
      scan('CodecProfile', c.pos, 'codec', c.codec, 'codec');
      scan('CodecProfile', c.pos, 'container', c.container, 'container');
    }
    return out;
  },
};
