// What the pod-side SSDP source knows about each MediaServer it heard, and what
// to do next: fetch a description, report a server up, or down. Pure: time is
// passed in, fetching is the caller's job.
//
// Keyed by UDN (from the USN), not by address: a pod that restarts elsewhere
// keeps its UDN, so a new LOCATION for a known UDN is a move. On a move the
// source reports the new location up before the old one down, so the catalog
// (which keys by UDN and prefers the first live report) switches without a gap.
import { DEFAULT_MAX_AGE_S } from '../../ssdp/constants.js';

export type TrackerAction =
  | { kind: 'fetch'; udn: string; location: string }
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
  lastFailureAt: number | undefined;
}

export interface TrackerOptions {
  /** A failed fetch is retried on a later alive, not before this long. */
  retryMs?: number;
  /** A flood of invented UDNs on the pod network must not grow memory. */
  maxServers?: number;
}

export class ServerTracker {
  private readonly servers = new Map<string, Server>();
  private readonly retryMs: number;
  private readonly maxServers: number;

  constructor(options: TrackerOptions = {}) {
    this.retryMs = options.retryMs ?? 30_000;
    this.maxServers = options.maxServers ?? 64;
  }

  get size(): number {
    return this.servers.size;
  }

  /** An ssdp:alive or search answer for a MediaServer. */
  alive(h: Heard, now: number): TrackerAction[] {
    const key = h.udn.toLowerCase();
    const expiresAt = now + (h.maxAge ?? DEFAULT_MAX_AGE_S) * 1000;
    let s = this.servers.get(key);
    if (!s) {
      if (this.servers.size >= this.maxServers) return [];
      s = { location: h.location, expiresAt, bootId: h.bootId, configId: h.configId, reported: undefined, fetching: undefined, lastFailureAt: undefined };
      this.servers.set(key, s);
      return this.fetch(h.udn, s);
    }
    s.expiresAt = Math.max(s.expiresAt, expiresAt);
    const moved = h.location !== s.location;
    // A new BOOTID is a restart, a new CONFIGID a changed description: look again.
    const renewed = (h.bootId !== undefined && h.bootId !== s.bootId) || (h.configId !== undefined && h.configId !== s.configId);
    s.location = h.location;
    s.bootId = h.bootId ?? s.bootId;
    s.configId = h.configId ?? s.configId;
    if (moved || renewed) return this.fetch(h.udn, s);
    const failedRecently = s.lastFailureAt !== undefined && now - s.lastFailureAt < this.retryMs;
    if (s.reported === undefined && !failedRecently) return this.fetch(h.udn, s);
    return [];
  }

  private fetch(udn: string, s: Server): TrackerAction[] {
    if (s.fetching === s.location) return [];
    s.fetching = s.location;
    return [{ kind: 'fetch', udn, location: s.location }];
  }

  /** The result of a fetch the tracker asked for. A stale result (server moved meanwhile) is ignored. */
  fetched(udn: string, location: string, result: { ok: true; descriptionText: string } | { ok: false; error: string }, now: number): TrackerAction[] {
    const s = this.servers.get(udn.toLowerCase());
    if (!s || s.location !== location) {
      if (s && s.fetching === location) s.fetching = undefined;
      return [];
    }
    s.fetching = undefined;
    const actions: TrackerAction[] = [];
    if (result.ok) {
      s.lastFailureAt = undefined;
      actions.push({ kind: 'up', udn, location, descriptionText: result.descriptionText });
      if (s.reported !== undefined && s.reported !== location) actions.push({ kind: 'down', udn, location: s.reported, reason: `moved to ${location}` });
      s.reported = location;
    } else {
      s.lastFailureAt = now;
      if (s.reported !== undefined) actions.push({ kind: 'down', udn, location: s.reported, reason: `description fetch failed: ${result.error}` });
      s.reported = undefined;
    }
    return actions;
  }

  /** ssdp:byebye for any target of the device: it is leaving. */
  byebye(udn: string): TrackerAction[] {
    const key = udn.toLowerCase();
    const s = this.servers.get(key);
    if (!s) return [];
    this.servers.delete(key);
    return s.reported !== undefined ? [{ kind: 'down', udn, location: s.reported, reason: 'ssdp:byebye' }] : [];
  }

  /** Servers whose max-age ran out without a new alive. */
  expire(now: number): TrackerAction[] {
    const actions: TrackerAction[] = [];
    for (const [key, s] of this.servers) {
      if (s.expiresAt > now) continue;
      this.servers.delete(key);
      if (s.reported !== undefined) actions.push({ kind: 'down', udn: key, location: s.reported, reason: 'max-age expired' });
    }
    return actions;
  }
}
