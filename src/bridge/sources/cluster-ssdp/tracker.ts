// What the pod-side SSDP source knows about each MediaServer it heard, and what
// to do next: fetch a description, re-check one, report a server up, or down.
// Pure: time is passed in, fetching is the caller's job.
//
// Keyed by UDN (from the USN), not by address: a pod that restarts elsewhere
// keeps its UDN, so a new LOCATION for a known UDN is a move. On a move the
// source reports the new location up before the old one down, so the catalog
// (which keys by UDN and prefers the first live report) switches without a gap.
//
// SSDP is unauthenticated UDP, so nothing heard on it alone takes a server
// down: a byebye or an expired max-age only asks for a "confirm" fetch of the
// description the server was reported up with, and the server goes down only
// when that fetch fails (a TCP fetch from a pod address cannot be faked from
// the LAN). A max-age is capped, so no announcement can keep an entry for long,
// and an entry whose fetch failed is dropped at once.
import { DEFAULT_MAX_AGE_S } from '../../ssdp/constants.js';

/**
 * The longest max-age we honour, in seconds. UDA 1.1 recommends at least 1800 s
 * and Jellyfin, minidlna (2 x 895 + 10) and gerbera announce about that, renewing
 * at under half of it; a longer one (999999999 from a hostile host) would pin an
 * entry for ever. Expiry only re-checks a reported server, so a real server
 * with a longer max-age merely gets its description fetched every 30 min.
 */
export const MAX_TRUSTED_MAX_AGE_S = 1800;

export type FetchResult = { ok: true; descriptionText: string } | { ok: false; error: string };

export type TrackerAction =
  | { kind: 'fetch'; udn: string; location: string }
  /** Fetch the reported description again: the server goes down only if that fails. */
  | { kind: 'confirm'; udn: string; location: string; reason: string }
  | { kind: 'up'; udn: string; location: string; descriptionText: string }
  | { kind: 'down'; udn: string; location: string; reason: string };

export interface Heard {
  udn: string;
  location: string;
  maxAge: number | undefined;
  bootId: number | undefined;
  configId: number | undefined;
}

interface Server {
  location: string;
  expiresAt: number;
  bootId: number | undefined;
  configId: number | undefined;
  /** The location we reported up (and not yet down). */
  reported: string | undefined;
  /** The location a fetch is running for. */
  fetching: string | undefined;
  /** Why a confirm fetch is running (byebye, expiry), if one is. */
  confirming: string | undefined;
}

export interface TrackerOptions {
  /** A location whose fetch failed is not fetched again before this long. */
  retryMs?: number;
  /** A flood of invented UDNs on the pod network must not grow memory. */
  maxServers?: number;
  /** See MAX_TRUSTED_MAX_AGE_S. */
  maxAgeCapS?: number;
}

export class ServerTracker {
  private readonly servers = new Map<string, Server>();
  /** Locations whose fetch failed, and when (bounded, oldest forgotten first). */
  private readonly failures = new Map<string, number>();
  private readonly retryMs: number;
  private readonly maxServers: number;
  private readonly maxAgeCapS: number;

  constructor(options: TrackerOptions = {}) {
    this.retryMs = options.retryMs ?? 30_000;
    this.maxServers = options.maxServers ?? 64;
    this.maxAgeCapS = options.maxAgeCapS ?? MAX_TRUSTED_MAX_AGE_S;
  }

  get size(): number {
    return this.servers.size;
  }

  private lifetimeMs(maxAge: number | undefined): number {
    return Math.min(maxAge ?? DEFAULT_MAX_AGE_S, this.maxAgeCapS) * 1000;
  }

  private failedRecently(location: string, now: number): boolean {
    const at = this.failures.get(location);
    if (at === undefined) return false;
    if (now - at < this.retryMs) return true;
    this.failures.delete(location);
    return false;
  }

  /** An ssdp:alive or search answer for a MediaServer. */
  alive(h: Heard, now: number): TrackerAction[] {
    const key = h.udn.toLowerCase();
    const expiresAt = now + this.lifetimeMs(h.maxAge);
    let s = this.servers.get(key);
    if (!s) {
      if (this.servers.size >= this.maxServers || this.failedRecently(h.location, now)) return [];
      s = {
        location: h.location,
        expiresAt,
        bootId: h.bootId,
        configId: h.configId,
        reported: undefined,
        fetching: undefined,
        confirming: undefined,
      };
      this.servers.set(key, s);
      return this.fetch(h.udn, s);
    }
    const moved = h.location !== s.location;
    if (moved && this.failedRecently(h.location, now)) return [];
    s.expiresAt = Math.max(s.expiresAt, expiresAt);
    // A new BOOTID is a restart, a new CONFIGID a changed description: look again.
    const renewed =
      (h.bootId !== undefined && h.bootId !== s.bootId) || (h.configId !== undefined && h.configId !== s.configId);
    s.location = h.location;
    s.bootId = h.bootId ?? s.bootId;
    s.configId = h.configId ?? s.configId;
    if (moved || renewed) return this.fetch(h.udn, s);
    if (s.reported === undefined) return this.fetch(h.udn, s);
    return [];
  }

  private fetch(udn: string, s: Server): TrackerAction[] {
    if (s.fetching === s.location) return [];
    s.fetching = s.location;
    return [{ kind: 'fetch', udn, location: s.location }];
  }

  /**
   * The result of a fetch the tracker asked for. A stale result (server moved
   * meanwhile) is ignored. A failure drops the entry: nothing unreachable is kept.
   */
  fetched(udn: string, location: string, result: FetchResult, now: number): TrackerAction[] {
    const key = udn.toLowerCase();
    const s = this.servers.get(key);
    if (!result.ok) this.noteFailure(location, now);
    if (!s || s.location !== location) {
      if (s && s.fetching === location) s.fetching = undefined;
      return [];
    }
    s.fetching = undefined;
    if (!result.ok) {
      this.servers.delete(key);
      return s.reported !== undefined
        ? [{ kind: 'down', udn, location: s.reported, reason: `description fetch failed: ${result.error}` }]
        : [];
    }
    const actions: TrackerAction[] = [{ kind: 'up', udn, location, descriptionText: result.descriptionText }];
    if (s.reported !== undefined && s.reported !== location)
      actions.push({ kind: 'down', udn, location: s.reported, reason: `moved to ${location}` });
    s.reported = location;
    return actions;
  }

  /**
   * ssdp:byebye for any target of the device. Heard on UDP, so it only starts a
   * confirm fetch of a reported server; an entry not yet reported is forgotten
   * unless a fetch is deciding about it already.
   */
  byebye(udn: string): TrackerAction[] {
    const key = udn.toLowerCase();
    const s = this.servers.get(key);
    if (!s) return [];
    if (s.reported === undefined) {
      if (s.fetching === undefined) this.servers.delete(key);
      return [];
    }
    return this.confirm(udn, s, 'ssdp:byebye');
  }

  private confirm(udn: string, s: Server, reason: string): TrackerAction[] {
    if (s.confirming !== undefined || s.reported === undefined) return [];
    s.confirming = reason;
    return [{ kind: 'confirm', udn, location: s.reported, reason }];
  }

  /** The result of a confirm fetch: the server stays (for one capped max-age) or goes down. */
  confirmed(udn: string, location: string, result: FetchResult, now: number): TrackerAction[] {
    const key = udn.toLowerCase();
    const s = this.servers.get(key);
    if (!s || s.reported !== location || s.confirming === undefined) return [];
    const reason = s.confirming;
    s.confirming = undefined;
    if (result.ok) {
      s.expiresAt = Math.max(s.expiresAt, now + this.lifetimeMs(undefined));
      return [];
    }
    this.noteFailure(location, now);
    this.servers.delete(key);
    return [{ kind: 'down', udn, location, reason: `${reason}; description fetch failed: ${result.error}` }];
  }

  /** Servers whose max-age ran out without a new alive: re-checked if reported, else forgotten. */
  expire(now: number): TrackerAction[] {
    const actions: TrackerAction[] = [];
    for (const [key, s] of this.servers) {
      if (s.expiresAt > now) continue;
      if (s.reported === undefined) {
        if (s.fetching === undefined) this.servers.delete(key);
        continue;
      }
      actions.push(...this.confirm(key, s, 'max-age expired'));
    }
    return actions;
  }

  private noteFailure(location: string, now: number): void {
    this.failures.delete(location);
    this.failures.set(location, now);
    while (this.failures.size > this.maxServers) this.failures.delete(this.failures.keys().next().value!);
  }
}
