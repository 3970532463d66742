// Does a file reach the TV in a format the TV cannot decode? The policy names
// what the TV cannot take (default: mkv container, hevc video); the decision
// says what is actually sent: the original file (Direct Play, and the DLNA
// Direct Stream trap) or the transcode output. Pure.
import type { Policy } from '../device-profile/model.js';
import type { MediaFacts } from '../media/facts.js';
import type { PlaybackDecision } from './decision.js';
import { splitList } from './list-match.js';

export interface Delivered {
  container?: string;
  videoCodec?: string;
  audioCodec?: string;
}

export interface PolicyVerdict {
  delivered: Delivered;
  denied: boolean;
  /** Plain words for each denied part, e.g. "the original mkv file is served (DLNA Direct Stream trap)". */
  problems: string[];
}

/** What the TV actually receives for this decision. */
export function deliveredFormat(facts: MediaFacts, decision: PlaybackDecision): Delivered {
  if (decision.servesOriginalFile) {
    const audio = facts.audio.find((a) => a.index === decision.audioStreamIndex) ?? facts.audio[0];
    return {
      container: decision.container ?? facts.container,
      videoCodec: facts.video?.codec,
      audioCodec: audio?.codec,
    };
  }
  const t = decision.transcode;
  return { container: t?.container, videoCodec: t?.videoCodec, audioCodec: t?.audioCodec };
}

function hits(deny: readonly string[], value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return splitList(value).find((token) => deny.includes(token.toLowerCase()));
}

export function checkPolicy(facts: MediaFacts, decision: PlaybackDecision, policy: Policy): PolicyVerdict {
  const delivered = deliveredFormat(facts, decision);
  const problems: string[] = [];
  const how =
    decision.playMethod === 'DirectStream'
      ? 'the original file is served (DLNA Direct Stream trap: Static=true)'
      : decision.playMethod === 'DirectPlay'
        ? 'the original file is served (Direct Play)'
        : 'the transcode output';
  const container = hits(policy.denyContainers, delivered.container);
  if (container) problems.push(`container ${container} reaches the TV: ${how}`);
  const video = hits(policy.denyVideoCodecs, delivered.videoCodec);
  if (video) problems.push(`video codec ${video} reaches the TV: ${how}`);
  const audio = hits(policy.denyVideoCodecs, delivered.audioCodec);
  if (audio) problems.push(`audio codec ${audio} reaches the TV: ${how}`);
  if (decision.playMethod === 'Transcode' && decision.transcode === undefined) {
    problems.push('no transcoding profile: the TV gets nothing it can play');
  }
  return { delivered, denied: problems.length > 0, problems };
}
