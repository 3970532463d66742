// The LAN side of SSDP on node:dgram: announces the advertised root devices
// (alive rounds, re-announcements, byebyes) and answers M-SEARCH according to
// ResponderPolicy. All decisions live in the pure modules (codec, targets,
// match, round, responder); this file schedules and sends.
//
// Send paths, per LAN interface: NOTIFYs leave from the group socket, answers
// from two 'reply' sockets of their own, one for neighbours the kernel has
// resolved and one for the rest, each behind a bounded queue that drops what
// waited too long (reply-lane.ts). An M-SEARCH flood from addresses that do not
// exist fills only the second one's buffer (its datagrams wait for ARP), so it
// never delays a NOTIFY or the answer to a TV that is really there.
import type dgram from 'node:dgram';
import { pino } from 'pino';
import { anyCidrContains, type Cidr } from '../../net/cidr.js';
import type { DeviceDescription } from '../upnp/description.js';
import { NeighbourCache, type NeighbourView } from '../../net/neighbours.js';
import type { Logger } from '../../util/logger.js';
import { parseSsdp, type SearchMessage } from './codec.js';
import {
  ANSWER_MAX_WAIT_MS,
  ANSWER_QUEUE_MAX,
  DEFAULT_MAX_AGE_S,
  DEFAULT_TTL,
  MAX_ANSWER_BYTES_PER_SEARCH,
  MAX_TARGETS_PER_DEVICE,
  ROUND_REPEATS,
  ROUND_REPEAT_SPACING_MS,
} from './constants.js';
import { createSsdpCounters, type SsdpCounters } from './counters.js';
import { matchSearch } from './match.js';
import { isOurProduct, productString } from './product.js';
import { ResponderPolicy, type Sender } from './responder.js';
import type { BucketLimit } from '../../net/rate-limit.js';
import { ReplyLane } from './reply-lane.js';
import { aliveMessages, byebyeMessages, nextBootId, searchResponses, type Advertisement } from './round.js';
import { createSsdpSocket, type SsdpSocketFactory, type SsdpSocketLike } from './socket.js';
import { capTargets, targetsOf } from './targets.js';

export interface LanInterface {
  name: string;
  address: string;
  subnets: Cidr[];
}

export interface SsdpEngineOptions {
  /** LAN interfaces (one socket each). */
  interfaces: LanInterface[];
  /** Extra senders to answer beyond the interfaces' own subnets (--allow-subnet). */
  allowSubnets?: Cidr[];
  /** Multicast TTL (--ttl). UDA says 2. */
  ttl?: number;
  /** CACHE-CONTROL max-age in seconds (--max-age). */
  maxAge?: number;
  /** Fixed re-announce interval (--alive-interval); default random in [max-age/4, max-age/2). */
  aliveIntervalMs?: number;
  /** Addresses of this host: packets from them carrying our SERVER marker are our own echo. */
  ownAddresses?: string[];
  server?: string;
  port?: number;
  perSource?: BucketLimit;
  /** Answer bytes per destination address. */
  perSourceBytes?: BucketLimit;
  global?: BucketLimit;
  /** Targets announced per root device (the rest are left out, with a warning). */
  maxTargets?: number;
  /** Which neighbours are resolved (default: /proc/net/arp, cached). */
  neighbours?: NeighbourView;
  maxPending?: number;
  repeats?: number;
  repeatSpacingMs?: number;
  bindRetryMs?: number;
  counters?: SsdpCounters;
  logger?: Logger;
  /** Socket constructor; tests pass a fake. */
  createSocket?: SsdpSocketFactory;
  now?: () => number;
  random?: () => number;
}

/** What the advertiser hands the engine for one upstream. */
export interface AdvertiseInput {
  description: DeviceDescription;
  /** LOCATION as the TVs must see it (lanLocation()). */
  location: string;
  configId: number;
}

interface Entry {
  ad: Advertisement;
  /** Timers of the current round (repeats and the next re-announcement). */
  timers: Set<NodeJS.Timeout>;
}

/** One send path for answers: its socket and the queue in front of it. */
interface AnswerPath {
  socket: SsdpSocketLike;
  lane: ReplyLane;
}

interface LanSockets {
  iface: LanInterface;
  /** Hears the group (and unicast to port 1900 on other addresses); sends NOTIFYs only. */
  socket: SsdpSocketLike;
  /** Answers to resolved neighbours (and routed destinations). */
  resolved: AnswerPath;
  /** Answers to neighbours not (yet) resolved: may be stuck for seconds under a spoofed flood. */
  unresolved: AnswerPath;
}

const BYEBYE_REPEATS = 2;
const BYEBYE_SPACING_MS = 100;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class SsdpEngine {
  readonly counters: SsdpCounters;
  private readonly log: Logger;
  private readonly sockets: LanSockets[];
  private readonly neighbours: NeighbourView;
  private readonly policy: ResponderPolicy;
  private readonly entries = new Map<string, Entry>();
  /** Last BOOTID per UDN, so a device that leaves and returns gets a higher one. */
  private readonly lastBootIds = new Map<string, number>();
  private readonly pendingAnswers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly server: string;
  private readonly maxAge: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly ownAddresses: Set<string>;
  private stopped = false;
  /** Bumped whenever the advertised set changes: invalidates cached answers. */
  private version = 0;
  /** Serialized answers per ST, valid for one DATE second and one version (floods ask the same ST). */
  private answerCache = { version: -1, second: -1, bySt: new Map<string, Buffer[]>() };

  constructor(private readonly options: SsdpEngineOptions) {
    if (options.interfaces.length === 0) throw new Error('SsdpEngine needs at least one LAN interface');
    this.counters = options.counters ?? createSsdpCounters();
    this.log = options.logger ?? pino({ level: 'silent' });
    this.server = options.server ?? productString();
    this.maxAge = options.maxAge ?? DEFAULT_MAX_AGE_S;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.ownAddresses = new Set([...(options.ownAddresses ?? []), ...options.interfaces.map((i) => i.address)]);
    this.neighbours = options.neighbours ?? new NeighbourCache({ now: this.now });
    this.policy = new ResponderPolicy({
      allowed: [...options.interfaces.flatMap((i) => i.subnets), ...(options.allowSubnets ?? [])],
      perSource: options.perSource,
      perSourceBytes: options.perSourceBytes,
      global: options.global,
      maxPending: options.maxPending,
      now: this.now,
      random: this.random,
    });
    this.sockets = options.interfaces.map((iface) => {
      const create = (mode: 'group' | 'reply'): SsdpSocketLike =>
        (options.createSocket ?? createSsdpSocket)({
          interfaceAddress: iface.address,
          interfaceName: iface.name,
          mode,
          port: options.port,
          ttl: options.ttl ?? DEFAULT_TTL,
          logger: this.log,
          retryMs: options.bindRetryMs,
          onError: () => this.counters.socketErrors++,
          onMessage: (msg, rinfo) => this.receive(iface, msg, rinfo),
        });
      return {
        iface,
        socket: create('group'),
        resolved: this.answerPath(create('reply')),
        unresolved: this.answerPath(create('reply')),
      };
    });
  }

  private answerPath(socket: SsdpSocketLike): AnswerPath {
    const c = this.counters;
    const lane = new ReplyLane({
      send: (d, port, address) => socket.send(d, port, address),
      maxQueued: ANSWER_QUEUE_MAX,
      maxWaitMs: ANSWER_MAX_WAIT_MS,
      now: this.now,
      onSent: () => c.responsesSent++,
      onStale: () => c.answersStale++,
      onOverflow: () => c.answersOverflow++,
      onError: (err, to) => {
        c.sendErrors++;
        this.log.debug({ err: err.message, to }, 'ssdp: answer send failed');
      },
    });
    return { socket, lane };
  }

  private allSockets(): SsdpSocketLike[] {
    return this.sockets.flatMap((s) => [s.socket, s.resolved.socket, s.unresolved.socket]);
  }

  /** Binds every LAN socket. Resolves when each is bound or has failed once (it keeps retrying). */
  async start(): Promise<void> {
    this.stopped = false;
    await Promise.all(this.allSockets().map((s) => s.start()));
  }

  /** True when every LAN socket is bound (for /readyz). */
  get listening(): boolean {
    return this.allSockets().every((s) => s.listening);
  }

  /** The advertisements currently announced (read-only snapshots). */
  advertisements(): Advertisement[] {
    return [...this.entries.values()].map((e) => e.ad);
  }

  /**
   * Announce a root device, or re-announce it after a change. A new device, a
   * new LOCATION, a new CONFIGID or a different set of targets starts a fresh
   * round with a higher BOOTID (after a byebye of the previous round);
   * an identical input changes nothing. Throws TargetError/SsdpEncodeError
   * synchronously when the description cannot be announced (bad UDN, too long).
   */
  advertise(input: AdvertiseInput): Advertisement {
    const { kept: targets, dropped } = capTargets(
      targetsOf(input.description),
      this.options.maxTargets ?? MAX_TARGETS_PER_DEVICE,
    );
    const udn = input.description.root.udn;
    const previous = this.entries.get(udn);
    if (
      previous &&
      previous.ad.location === input.location &&
      previous.ad.configId === input.configId &&
      JSON.stringify(previous.ad.targets) === JSON.stringify(targets)
    ) {
      return previous.ad;
    }
    const bootId = nextBootId(this.lastBootIds.get(udn), this.now());
    const ad: Advertisement = {
      udn,
      location: input.location,
      maxAge: this.maxAge,
      bootId,
      configId: input.configId,
      targets,
    };
    aliveMessages(ad, this.server); // throws here, not later in a timer, if a message cannot be built
    this.lastBootIds.set(udn, bootId);
    let startDelay = Math.floor(this.random() * 100); // first round after a random 0-100 ms
    if (previous) {
      this.cancelTimers(previous);
      // The old round is cancelled before the new one starts: its byebyes go out
      // first and the new alive round waits for them.
      void this.track(this.sendByebyes(previous.ad, BYEBYE_REPEATS, BYEBYE_SPACING_MS));
      startDelay += BYEBYE_REPEATS * BYEBYE_SPACING_MS;
    }
    const entry: Entry = { ad, timers: new Set() };
    this.entries.set(udn, entry);
    this.version++;
    this.log.info(
      { udn, location: ad.location, bootId, configId: ad.configId, messages: targets.length },
      previous ? 'ssdp: new round after change' : 'ssdp: advertising',
    );
    if (dropped > 0) {
      this.log.warn(
        { udn, targets: targets.length + dropped, announced: targets.length },
        `ssdp: the description lists ${targets.length + dropped} targets; only the first ${targets.length} are announced and answered for`,
      );
    }
    this.scheduleRound(entry, startDelay);
    return ad;
  }

  /** Stops announcing `udn` and sends its byebyes; resolves once they are on the wire. */
  async withdraw(udn: string): Promise<void> {
    const entry = this.entries.get(udn);
    if (!entry) return;
    this.cancelTimers(entry);
    this.entries.delete(udn);
    this.version++;
    this.log.info({ udn, bootId: entry.ad.bootId }, 'ssdp: byebye');
    await this.track(this.sendByebyes(entry.ad, BYEBYE_REPEATS, BYEBYE_SPACING_MS));
  }

  /**
   * Byebye for everything, then close the sockets. Resolves only after the
   * byebyes are handed to the kernel (SIGTERM: call and await before exit).
   */
  async stopAll(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const t of this.pendingAnswers) clearTimeout(t);
    this.pendingAnswers.clear();
    const entries = [...this.entries.values()];
    this.entries.clear();
    this.version++;
    for (const e of entries) this.cancelTimers(e);
    // Shorter spacing than a normal withdraw: shutdown should not wait long.
    await Promise.all(entries.map((e) => this.sendByebyes(e.ad, BYEBYE_REPEATS, 50)));
    await Promise.allSettled([...this.inFlight]);
    for (const s of this.sockets) for (const path of [s.resolved, s.unresolved]) path.lane.clear();
    await Promise.all(this.allSockets().map((s) => s.close()));
  }

  // ------------------------------------------------------------ announcing

  private scheduleRound(entry: Entry, delayMs: number): void {
    const repeats = Math.min(this.options.repeats ?? ROUND_REPEATS, 3);
    const spacing = this.options.repeatSpacingMs ?? ROUND_REPEAT_SPACING_MS;
    for (let i = 0; i < repeats; i++) {
      this.addTimer(
        entry,
        delayMs + i * spacing,
        () => void this.track(this.multicast(aliveMessages(entry.ad, this.server))),
      );
    }
    this.addTimer(entry, delayMs + this.aliveInterval(), () => this.scheduleRound(entry, 0));
  }

  /** --alive-interval, or a random interval under max-age/2 so the device never looks expired. */
  private aliveInterval(): number {
    if (this.options.aliveIntervalMs !== undefined) return this.options.aliveIntervalMs;
    const half = (this.maxAge * 1000) / 2;
    return Math.floor(half / 2 + this.random() * (half / 2 - 1000));
  }

  private addTimer(entry: Entry, ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      entry.timers.delete(t);
      fn();
    }, ms);
    entry.timers.add(t);
  }

  private cancelTimers(entry: Entry): void {
    for (const t of entry.timers) clearTimeout(t);
    entry.timers.clear();
  }

  private async sendByebyes(ad: Advertisement, repeats: number, spacingMs: number): Promise<void> {
    const messages = byebyeMessages(ad);
    for (let i = 0; i < repeats; i++) {
      if (i > 0) await sleep(spacingMs);
      await this.multicast(messages);
    }
  }

  private async multicast(messages: Buffer[]): Promise<void> {
    // The group sockets send nothing else: a multicast needs no neighbour
    // resolution, so nothing queued before a NOTIFY can hold it up.
    await Promise.all(
      this.sockets.map(async ({ socket }) => {
        for (const m of messages) {
          try {
            await socket.sendMulticast(m);
            this.counters.notifiesSent++;
          } catch (err) {
            this.counters.sendErrors++;
            this.log.debug({ err: (err as Error).message }, 'ssdp: multicast send failed');
          }
        }
      }),
    );
  }

  private track(p: Promise<void>): Promise<void> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  // -------------------------------------------------------------- answering

  private receive(iface: LanInterface, datagram: Buffer, rinfo: dgram.RemoteInfo): void {
    this.counters.datagramsReceived++;
    // The engine only ever answers searches from allowed senders with budget
    // left: anything else is dropped before parsing (cheap under a flood).
    const refused = this.policy.admit(rinfo.address, this.pendingAnswers.size);
    if (refused) {
      this.counters.dropped[refused]++;
      return;
    }
    const parsed = parseSsdp(datagram);
    if (!parsed.ok) {
      this.counters.dropped[parsed.reason]++;
      return;
    }
    const m = parsed.message;
    if (m.type !== 'search') {
      if (isOurProduct(m.server) && this.ownAddresses.has(rinfo.address)) this.counters.ownPacketsIgnored++;
      else this.counters.notificationsIgnored++;
      return;
    }
    // Every group socket hears every multicast datagram on the host (IP_MULTICAST_ALL):
    // with several LAN interfaces, the one whose subnet holds the sender answers.
    if (this.sockets.length > 1 && !this.isResponsibleSocket(iface, rinfo.address)) return;
    this.onSearch(iface, m, rinfo);
  }

  private isResponsibleSocket(iface: LanInterface, address: string): boolean {
    const owner = this.sockets.find((s) => anyCidrContains(s.iface.subnets, address));
    return (owner?.iface ?? this.sockets[0]!.iface) === iface;
  }

  private countMatches(st: string): number {
    let n = 0;
    for (const e of this.entries.values()) n += matchSearch(st, e.ad.targets).length;
    return n;
  }

  private onSearch(iface: LanInterface, m: SearchMessage, sender: Sender): void {
    const answers = this.countMatches(m.st);
    const decision = this.policy.decide(m, sender, answers, this.pendingAnswers.size);
    if (!decision.answer) {
      this.counters.dropped[decision.reason]++;
      return;
    }
    if (answers === 0) {
      this.counters.searchesUnmatched++;
      return;
    }
    const t = setTimeout(() => {
      this.pendingAnswers.delete(t);
      this.answer(iface, m.st, sender);
    }, decision.delayMs);
    this.pendingAnswers.add(t);
  }

  private answersFor(st: string): Buffer[] {
    const now = this.now();
    const second = Math.floor(now / 1000);
    const cache = this.answerCache;
    if (cache.version !== this.version || cache.second !== second || cache.bySt.size > 64) {
      this.answerCache = { version: this.version, second, bySt: new Map() };
    }
    let datagrams = this.answerCache.bySt.get(st);
    if (!datagrams) {
      const date = new Date(second * 1000);
      datagrams = [...this.entries.values()].flatMap((e) =>
        searchResponses(e.ad, matchSearch(st, e.ad.targets), this.server, date),
      );
      this.answerCache.bySt.set(st, datagrams);
    }
    return datagrams;
  }

  /**
   * Builds the answers at send time (a device withdrawn meanwhile is not
   * answered for), bounds them (bytes per search, bytes per destination) and
   * hands them to the send path the destination's neighbour state picks.
   */
  private answer(iface: LanInterface, st: string, to: Sender): void {
    const lan = this.sockets.find((s) => s.iface === iface)!;
    let all: Buffer[];
    try {
      all = this.answersFor(st);
    } catch (err) {
      this.log.warn({ err: (err as Error).message, st }, 'ssdp: answer could not be built');
      return;
    }
    const { datagrams, bytes } = boundAnswer(all, MAX_ANSWER_BYTES_PER_SEARCH);
    if (datagrams.length === 0) return;
    if (datagrams.length < all.length) this.counters.answersTruncated++;
    if (!this.policy.takeAnswerBytes(to.address, bytes)) {
      this.counters.dropped['answer-bytes-source']++;
      return;
    }
    this.counters.searchesAnswered++;
    // A routed destination (--allow-subnet) waits on the gateway's entry, not its own.
    const onLink = anyCidrContains(iface.subnets, to.address);
    const path = !onLink || this.neighbours.resolved(to.address) ? lan.resolved : lan.unresolved;
    path.lane.enqueue(datagrams, to);
  }
}

/** The leading datagrams of an answer that fit in `maxBytes` (at least one: a single answer always fits 1024 bytes). */
export function boundAnswer(datagrams: readonly Buffer[], maxBytes: number): { datagrams: Buffer[]; bytes: number } {
  const kept: Buffer[] = [];
  let bytes = 0;
  for (const d of datagrams) {
    if (kept.length > 0 && bytes + d.length > maxBytes) break;
    kept.push(d);
    bytes += d.length;
  }
  return { datagrams: kept, bytes };
}
