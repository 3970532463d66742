// Exposes SsdpCounters through a prom-client registry. The counters stay a
// plain object (cheap to increment on the hot path); prom-client reads them
// only when /metrics is scraped.
import { Counter, type Registry } from 'prom-client';
import type { SsdpCounters } from './counters.js';

type Scalar = Exclude<keyof SsdpCounters, 'dropped'>;

const SCALARS: Array<[Scalar, string, string]> = [
  ['datagramsReceived', 'datagrams_received_total', 'SSDP datagrams received on the LAN sockets'],
  ['ownPacketsIgnored', 'own_packets_ignored_total', 'our own SSDP packets heard back and ignored'],
  ['notificationsIgnored', 'notifications_ignored_total', "other devices' NOTIFYs and search answers ignored"],
  ['searchesUnmatched', 'searches_unmatched_total', 'allowed M-SEARCHes for targets we do not advertise'],
  ['searchesAnswered', 'searches_answered_total', 'M-SEARCHes answered'],
  ['responsesSent', 'responses_sent_total', 'M-SEARCH answer datagrams sent'],
  ['answersTruncated', 'answers_truncated_total', 'M-SEARCH answers cut to the per-search byte bound'],
  [
    'answersStale',
    'answers_stale_total',
    'answer datagrams dropped because their send path was stuck too long (unresolvable neighbours)',
  ],
  ['answersOverflow', 'answers_overflow_total', 'answer datagrams dropped because their send queue was full'],
  ['notifiesSent', 'notifies_sent_total', 'NOTIFY datagrams sent (alive and byebye, repeats included)'],
  ['sendErrors', 'send_errors_total', 'datagrams the kernel refused to send'],
  ['socketErrors', 'socket_errors_total', 'socket errors (bind, membership, receive)'],
];

/** Registers the SSDP counters on `registry` (names prefixed `dlna_bridge_ssdp_`). */
export function registerSsdpMetrics(registry: Registry, counters: SsdpCounters, prefix = 'dlna_bridge_ssdp_'): void {
  for (const [field, name, help] of SCALARS) {
    new Counter({
      name: prefix + name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(counters[field]);
      },
    });
  }
  new Counter({
    name: `${prefix}datagrams_dropped_total`,
    help: 'SSDP datagrams dropped, by reason (malformed, oversized, off-subnet, rate-limited, ...)',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, n] of Object.entries(counters.dropped)) this.inc({ reason }, n);
    },
  });
}
