// Whether and when to answer an M-SEARCH (UDA 1.1 §1.3.2 + the reflection
// rules of ssdp.md "Security"). Pure: clock and randomness are injected; the
// engine does the sending.
import { anyCidrContains, normalizeAddress, type Cidr } from '../../net/cidr.js';
import type { SearchMessage } from './codec.js';
import { MAX_MX_S, SSDP_MULTICAST_ADDRESS, SSDP_PORT } from './constants.js';
import type { PolicyDropReason } from './counters.js';
import { KeyedTokenBuckets, TokenBucket, type BucketLimit } from '../../net/rate-limit.js';

export interface ResponderPolicyOptions {
  /** Senders we answer: the LAN interface's subnets plus --allow-subnet. */
  allowed: readonly Cidr[];
  /** Searches per source address. A TV sends a few per discovery, with several STs. */
  perSource?: BucketLimit;
  /** Answer datagrams in total for multicast searches (ssdp:all costs one per message of a round). */
  global?: BucketLimit;
  /**
   * Answer datagrams in total for unicast searches: a budget of their own, so a
   * multicast flood from many LAN addresses cannot starve a TV that asks us directly.
   */
  unicastGlobal?: BucketLimit;
  /** Answer bytes per source address (what one spoofed victim can be sent). */
  perSourceBytes?: BucketLimit;
  /** Searches waiting for their delay at once; beyond this new ones are dropped. */
  maxPending?: number;
  now?: () => number;
  random?: () => number;
}

export const DEFAULT_PER_SOURCE: BucketLimit = { burst: 20, perSecond: 5 };
export const DEFAULT_GLOBAL: BucketLimit = { burst: 500, perSecond: 200 };
export const DEFAULT_UNICAST_GLOBAL: BucketLimit = { burst: 100, perSecond: 50 };
/** ~10 `ssdp:all` answers of a 6-target MediaServer at once, then ~4 a second. */
export const DEFAULT_PER_SOURCE_BYTES: BucketLimit = { burst: 32 * 1024, perSecond: 8 * 1024 };
export const DEFAULT_MAX_PENDING = 512;

export type SearchDecision =
  { answer: false; reason: PolicyDropReason } | { answer: true; delayMs: number; unicast: boolean };

export interface Sender {
  address: string;
  port: number;
}

/**
 * A search addressed to the multicast group has HOST 239.255.255.250:1900; a
 * unicast one names the device's own address (UDA 1.1 §1.3.2). node:dgram does
 * not tell us the destination address, so HOST is the witness.
 */
export function isMulticastSearch(message: SearchMessage): boolean {
  const host = message.host.trim();
  return host === SSDP_MULTICAST_ADDRESS || host === `${SSDP_MULTICAST_ADDRESS}:${SSDP_PORT}`;
}

export class ResponderPolicy {
  private readonly allowed: readonly Cidr[];
  private readonly perSource: KeyedTokenBuckets;
  private readonly perSourceBytes: KeyedTokenBuckets;
  private readonly global: TokenBucket;
  private readonly unicastGlobal: TokenBucket;
  private readonly maxPending: number;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(options: ResponderPolicyOptions) {
    this.allowed = options.allowed;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.perSource = new KeyedTokenBuckets(options.perSource ?? DEFAULT_PER_SOURCE);
    this.perSourceBytes = new KeyedTokenBuckets(options.perSourceBytes ?? DEFAULT_PER_SOURCE_BYTES);
    this.global = new TokenBucket(options.global ?? DEFAULT_GLOBAL, this.now());
    this.unicastGlobal = new TokenBucket(options.unicastGlobal ?? DEFAULT_UNICAST_GLOBAL, this.now());
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
  }

  /**
   * The cheap check before a datagram is even parsed: a sender outside the
   * allowed subnets, or one whose search budget is spent, cannot get an answer,
   * so its datagrams cost no parsing (floods are mostly these). Whether a search
   * is unicast is known only after parsing, so the multicast limits (queue,
   * global budget) drop it here only when the unicast budget is spent too.
   */
  admit(address: string, pending: number): PolicyDropReason | undefined {
    if (!anyCidrContains(this.allowed, address)) return 'off-subnet';
    const now = this.now();
    if (this.perSource.exhausted(normalizeAddress(address), now)) return 'rate-limited-source';
    if (this.unicastGlobal.has(now, 1)) return undefined;
    if (pending >= this.maxPending) return 'queue-full';
    if (!this.global.has(now, 1)) return 'rate-limited-global';
    return undefined;
  }

  /**
   * Decide on one well-formed search that matched `answers` targets (> 0).
   * Checks run cheapest and least abusable first: subnet before any bucket, so
   * off-subnet floods cannot spend the budget of the LAN's TVs.
   */
  decide(message: SearchMessage, sender: Sender, answers: number, pending: number): SearchDecision {
    if (!anyCidrContains(this.allowed, sender.address)) return { answer: false, reason: 'off-subnet' };
    const multicast = isMulticastSearch(message);
    // UDA 1.1: a multicast M-SEARCH without MX is invalid and silently dropped.
    if (multicast && message.mx === undefined) return { answer: false, reason: 'multicast-without-mx' };
    // Unicast answers go out at once and never wait in the queue of delayed answers.
    if (multicast && pending >= this.maxPending) return { answer: false, reason: 'queue-full' };
    const now = this.now();
    if (!this.perSource.take(normalizeAddress(sender.address), now))
      return { answer: false, reason: 'rate-limited-source' };
    if (!(multicast ? this.global : this.unicastGlobal).take(now, answers))
      return { answer: false, reason: 'rate-limited-global' };
    // A unicast search is answered at once (UDA 1.1: within 1 s).
    if (!multicast) return { answer: true, delayMs: 0, unicast: true };
    // Answer after a random delay in [0, MX] s, MX above 5 counting as 5, to spread
    // the answers of every device on the LAN (UDA 1.1 §1.3.3).
    const windowMs = Math.min(message.mx ?? 0, MAX_MX_S) * 1000;
    return { answer: true, delayMs: Math.floor(this.random() * windowMs), unicast: false };
  }

  /**
   * Charges an answer of `bytes` to its destination's byte budget, at send
   * time (when its size is known). False: the answer must not be sent.
   */
  takeAnswerBytes(address: string, bytes: number): boolean {
    return this.perSourceBytes.take(normalizeAddress(address), this.now(), bytes);
  }

  /** Number of source addresses currently tracked (bounded). */
  get trackedSources(): number {
    return this.perSource.size;
  }
}
