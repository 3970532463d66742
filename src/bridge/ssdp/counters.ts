// What the SSDP side counts, as a plain object the engine increments and the
// daemon exposes on /metrics (see metrics.ts). Dropped datagrams are counted
// by reason so an operator can tell garbage from a flood from a foreign subnet.
import { PARSE_FAILURES, type ParseFailure } from './codec.js';

export type PolicyDropReason =
  | 'off-subnet'
  | 'multicast-without-mx'
  | 'rate-limited-source'
  | 'rate-limited-global'
  | 'queue-full'
  | 'answer-bytes-source';

export const POLICY_DROP_REASONS: readonly PolicyDropReason[] = [
  'off-subnet',
  'multicast-without-mx',
  'rate-limited-source',
  'rate-limited-global',
  'queue-full',
  'answer-bytes-source',
];

export type DropReason = ParseFailure | PolicyDropReason;

export interface SsdpCounters {
  datagramsReceived: number;
  /** Malformed/oversized datagrams and refused searches, by reason. */
  dropped: Record<DropReason, number>;
  /** Our own multicast, heard back through loopback (or a sibling socket). */
  ownPacketsIgnored: number;
  /** Other devices' NOTIFYs and search answers heard on the LAN: not ours to act on. */
  notificationsIgnored: number;
  /** Well-formed, allowed searches for something we do not advertise. */
  searchesUnmatched: number;
  searchesAnswered: number;
  responsesSent: number;
  /** Searches whose answer was cut to MAX_ANSWER_BYTES_PER_SEARCH. */
  answersTruncated: number;
  /** Answer datagrams dropped because their send path was stuck past ANSWER_MAX_WAIT_MS, or full. */
  answersStale: number;
  answersOverflow: number;
  notifiesSent: number;
  sendErrors: number;
  socketErrors: number;
}

export function createSsdpCounters(): SsdpCounters {
  const dropped = {} as Record<DropReason, number>;
  for (const r of [...PARSE_FAILURES, ...POLICY_DROP_REASONS]) dropped[r] = 0;
  return {
    datagramsReceived: 0,
    dropped,
    ownPacketsIgnored: 0,
    notificationsIgnored: 0,
    searchesUnmatched: 0,
    searchesAnswered: 0,
    responsesSent: 0,
    answersTruncated: 0,
    answersStale: 0,
    answersOverflow: 0,
    notifiesSent: 0,
    sendErrors: 0,
    socketErrors: 0,
  };
}
