// unknown-element: elements and attributes Jellyfin's XmlSerializer does not
// read (names are case-sensitive). They do nothing, which usually means a
// setting the author believes is active is not.
import type { ProfileRule } from '../types.js';

export const unknownElement: ProfileRule = {
  id: 'unknown-element',
  severity: 'warning',
  check(ctx) {
    return ctx.problems
      .filter((p) => p.rule === 'unknown-element')
      .map((p) => ({ pos: p.pos, message: p.message, hint: p.hint }));
  },
};
