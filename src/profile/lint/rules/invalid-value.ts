// invalid-value: values Jellyfin cannot use. Type errors (found while reading)
// make XmlSerializer throw, and the plugin drops the whole profile. Condition
// errors are caught here: ConditionProcessor throws on a comparison the
// property's type has no meaning for (LessThanEqual on IsInterlaced), and a
// numeric property with a non-numeric value never satisfies the condition.
// A header Regex that does not compile throws on every request.
import type { ProfileCondition } from '../../../device-profile/model.js';
import { compileHeaderRegex } from '../../../device-profile/select.js';
import type { ProfileRule, RuleFinding } from '../types.js';

const INT_PROPERTIES = new Set([
  'AudioChannels',
  'AudioBitrate',
  'AudioSampleRate',
  'AudioBitDepth',
  'Width',
  'Height',
  'VideoBitDepth',
  'VideoBitrate',
  'PacketLength',
  'RefFrames',
  'NumAudioStreams',
  'NumVideoStreams',
  'NumStreams',
]);
const DOUBLE_PROPERTIES = new Set(['VideoLevel', 'VideoFramerate']);
const BOOL_PROPERTIES = new Set(['IsAnamorphic', 'IsInterlaced', 'IsAvc', 'IsSecondaryAudio', 'Has64BitOffsets']);
const TIMESTAMPS = ['None', 'Zero', 'Valid'];

export function conditionProblem(c: ProfileCondition): string | undefined {
  const v = c.value.trim();
  if (INT_PROPERTIES.has(c.property)) {
    if (!/^[+-]?[0-9]+$/.test(v))
      return `${c.property} needs a whole number, but the value is '${c.value}': the condition can never be met`;
  } else if (DOUBLE_PROPERTIES.has(c.property)) {
    if (c.condition === 'EqualsAny')
      return `EqualsAny cannot compare ${c.property} (a number): Jellyfin throws an error during playback`;
    if (!/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(v))
      return `${c.property} needs a number, but the value is '${c.value}': the condition can never be met`;
  } else if (BOOL_PROPERTIES.has(c.property)) {
    if (c.condition !== 'Equals' && c.condition !== 'NotEquals')
      return `${c.condition} cannot compare ${c.property} (true/false): Jellyfin throws an error during playback`;
    if (!/^(true|false)$/i.test(v))
      return `${c.property} needs true or false, but the value is '${c.value}': the condition can never be met`;
  } else if (c.property === 'VideoTimestamp') {
    if (c.condition !== 'Equals' && c.condition !== 'NotEquals')
      return `${c.condition} cannot compare VideoTimestamp: Jellyfin throws an error during playback`;
    if (!TIMESTAMPS.some((t) => t.toLowerCase() === v.toLowerCase()))
      return `VideoTimestamp is one of ${TIMESTAMPS.join(', ')}; '${c.value}' makes Jellyfin throw an error during playback`;
  } else if (c.condition === 'LessThanEqual' || c.condition === 'GreaterThanEqual') {
    return `${c.condition} cannot compare ${c.property} (text): Jellyfin throws an error during playback`;
  }
  return undefined;
}

export const invalidValue: ProfileRule = {
  id: 'invalid-value',
  severity: 'error',
  check(ctx) {
    const out: RuleFinding[] = ctx.problems
      .filter((p) => p.rule === 'invalid-value')
      .map((p) => ({ pos: p.pos, message: p.message, hint: p.hint }));
    const p = ctx.profile;
    const lists = [
      ...p.transcodingProfiles.map((t) => t.conditions),
      ...p.containerProfiles.map((c) => c.conditions),
      ...p.codecProfiles.flatMap((c) => [c.conditions, c.applyConditions]),
      ...p.responseProfiles.map((r) => r.conditions),
    ];
    for (const c of lists.flat()) {
      const why = conditionProblem(c);
      if (why)
        out.push({
          pos: c.attrPos?.['value'] ?? c.pos,
          message: `ProfileCondition: ${why}`,
          hint: 'fix the condition or the value, or remove the condition',
        });
    }
    for (const h of p.identification?.headers ?? []) {
      if (h.match === 'Regex' && compileHeaderRegex(h.value) === undefined) {
        out.push({
          pos: h.attrPos?.['value'] ?? h.pos,
          message: `HttpHeaderInfo value '${h.value}' is not a valid regular expression: Jellyfin fails every request it checks against this profile`,
          hint: 'fix the pattern, or use match="Substring"',
        });
      }
    }
    return out;
  },
};
