// no-identification: DlnaManager.GetProfile(headers) only considers profiles
// with an Identification whose Headers match the request, so a profile
// without them is never selected and its rules never apply (Jellyfin uses its
// built-in default, which direct-plays everything).
import type { ProfileRule } from '../types.js';

export const noIdentification: ProfileRule = {
  id: 'no-identification',
  severity: 'warning',
  check(ctx) {
    const ident = ctx.profile.identification;
    const hint =
      'add <Identification><Headers><HttpHeaderInfo name="User-Agent" value="(part of the TV\'s User-Agent)" match="Substring" /></Headers></Identification>';
    if (!ident) {
      return [
        {
          pos: ctx.profile.pos,
          message: 'this profile has no <Identification>, so Jellyfin never selects it for any client',
          hint,
        },
      ];
    }
    if (ident.headers.length === 0) {
      return [
        {
          pos: ident.pos,
          message:
            "<Identification> has no <Headers>: Jellyfin's DLNA server selects profiles only by request headers, so this profile is never selected",
          hint,
        },
      ];
    }
    return [];
  },
};
