// Pass 1 of fix: drop the Video TranscodingProfiles the engine transcodes to a
// denied format with, and make the Video DirectPlayProfiles the engine
// direct-plays a denied container or codec through refuse it (only those:
// a profile whose list names mkv while a CodecProfile already refuses every
// mkv is left alone), with the list forms ContainerHelper honours:
// - a list naming a denied token: drop the token ("ts,mkv" -> "ts");
//   if nothing is left, drop the whole DirectPlayProfile (an empty list would
//   mean "everything");
// - an empty or absent list ("everything"): a deny-list ("-mkv");
// - a deny-list missing the token: extend it ("-avi" -> "-avi,mkv").
import { escapeAttribute } from '../../xml/entities.js';
import { getAttribute } from '../../xml/tree.js';
import type { XmlElement } from '../../xml/types.js';
import type { EngineVerdicts } from '../engine-verdicts.js';
import { admitReason, parseList } from '../../device-profile/lists.js';
import type { DeviceProfile, DirectPlayProfile } from '../../device-profile/model.js';
import { elementIndex } from '../lint/locate.js';
import type { XmlDocument } from '../../xml/types.js';
import { removeElement, type Splice } from '../../xml/splice.js';

type ListAttr = 'container' | 'videoCodec';

/** The new list value, '' meaning "remove the element", or undefined for no change. */
export function refuseTokens(list: string, denied: readonly string[]): string | undefined {
  const admitted = denied.filter((t) => admitReason(list, t) !== undefined);
  if (admitted.length === 0) return undefined;
  const parsed = parseList(list);
  if (parsed.all) return `-${admitted.join(',')}`;
  if (parsed.deny) return `${list.replace(/,+$/, '')},${admitted.join(',')}`;
  const kept = list.split(',').filter((t) => t.length > 0 && !admitted.includes(t.toLowerCase()));
  return kept.join(',');
}

export function planDirectPlayLists(
  doc: XmlDocument,
  profile: DeviceProfile,
  verdicts: EngineVerdicts,
): { splices: Splice[]; changes: string[] } {
  const splices: Splice[] = [];
  const changes: string[] = [];
  const index = elementIndex(doc);
  for (const d of profile.directPlayProfiles) {
    if (d.type !== 'Video') continue;
    const deniedContainers = verdicts.directPlayContainer.filter((v) => v.profile === d).map((v) => v.token);
    const deniedCodecs = verdicts.directPlayCodec.filter((v) => v.profile === d).map((v) => v.token);
    if (deniedContainers.length === 0 && deniedCodecs.length === 0) continue;
    const el = index.get(`${d.pos.line}:${d.pos.column}`);
    if (!el) continue;
    const edits: [ListAttr, string, string][] = [];
    for (const [attr, denied] of [
      ['container', deniedContainers],
      ['videoCodec', deniedCodecs],
    ] as const) {
      const next = refuseTokens(d[attr], denied);
      if (next !== undefined) edits.push([attr, d[attr], next]);
    }
    if (edits.length === 0) continue;
    if (edits.some(([, , next]) => next === '')) {
      splices.push(removeElement(doc.text, el));
      changes.push(`line ${d.pos.line}: removed ${describe(d)}: it only allowed what the TV cannot play`);
      continue;
    }
    for (const [attr, before, after] of edits) {
      splices.push(setAttribute(doc.text, el, attr, after));
      changes.push(`line ${d.pos.line}: Video DirectPlayProfile ${attr} "${before}" -> "${after}"`);
    }
  }
  const deniedTranscoding = new Set(verdicts.transcodeDeniedFormat.map((v) => v.profile!));
  for (const t of deniedTranscoding) {
    const el = index.get(`${t.pos.line}:${t.pos.column}`);
    if (!el) continue;
    splices.push(removeElement(doc.text, el));
    changes.push(
      `line ${t.pos.line}: removed the Video TranscodingProfile producing ${t.videoCodec || 'the source codec'} in ${t.container}, which the TV cannot play`,
    );
  }
  return { splices, changes };
}

function describe(d: DirectPlayProfile): string {
  return `the Video DirectPlayProfile container="${d.container}" videoCodec="${d.videoCodec}"`;
}

/** Replace an attribute's value in place, or add the attribute right after the element name. */
function setAttribute(text: string, el: XmlElement, name: string, value: string): Splice {
  const a = getAttribute(el, name);
  if (a) return { start: a.valueSpan.start, end: a.valueSpan.end, text: escapeAttribute(value) };
  // After the last attribute, so existing attributes keep their order and place.
  const last = el.attributes[el.attributes.length - 1];
  const at = last ? last.valueSpan.end + 1 : el.startTag.start + 1 + el.name.length;
  void text;
  return { start: at, end: at, text: ` ${name}="${escapeAttribute(value)}"` };
}
