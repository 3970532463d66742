// One advertised root device and the datagrams of its rounds: alive set,
// matching byebye set, search answers. Pure: the engine decides when to send.
import { serializeAlive, serializeByebye, serializeSearchResponse } from './codec.js';
import { MAX_31_BIT } from './constants.js';
import type { SearchMatch } from './match.js';
import type { Target } from './targets.js';

export interface Advertisement {
  /** Root device UDN: the identity of the advertisement. */
  udn: string;
  /** LOCATION the TVs are told (the bridge's LAN address). */
  location: string;
  maxAge: number;
  /** Same in every repeat, search answer and byebye of one round (UDA 1.1 §1.2.2). */
  bootId: number;
  configId: number;
  targets: readonly Target[];
}

/** The 3 + 2d + k ssdp:alive datagrams of one round. Throws SsdpEncodeError if one would not fit. */
export function aliveMessages(ad: Advertisement, server: string): Buffer[] {
  return ad.targets.map((t) =>
    serializeAlive({
      nt: t.nt,
      usn: t.usn,
      location: ad.location,
      maxAge: ad.maxAge,
      server,
      bootId: ad.bootId,
      configId: ad.configId,
    }),
  );
}

/** One ssdp:byebye for each alive of the round, with the round's BOOTID. */
export function byebyeMessages(ad: Advertisement): Buffer[] {
  return ad.targets.map((t) => serializeByebye({ nt: t.nt, usn: t.usn, bootId: ad.bootId, configId: ad.configId }));
}

export function searchResponses(
  ad: Advertisement,
  matches: readonly SearchMatch[],
  server: string,
  date: Date,
): Buffer[] {
  return matches.map((m) =>
    serializeSearchResponse({
      st: m.st,
      usn: m.usn,
      location: ad.location,
      maxAge: ad.maxAge,
      server,
      bootId: ad.bootId,
      configId: ad.configId,
      date,
    }),
  );
}

/**
 * BOOTID of a fresh round: seconds since the epoch (as gssdp does), so a restart
 * also raises it, and never lower than previous + 1. Wraps within 31 bits.
 */
export function nextBootId(previous: number | undefined, nowMs: number): number {
  const fromClock = Math.floor(nowMs / 1000) & MAX_31_BIT;
  if (previous === undefined) return fromClock;
  return Math.max(fromClock, (previous + 1) & MAX_31_BIT);
}
