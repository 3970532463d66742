// Which IPv4 neighbours the kernel has resolved (a link-layer address it can
// send to at once), from /proc/net/arp. The SSDP engine needs it to keep
// answers to hosts that may not exist (spoofed M-SEARCH sources) away from
// answers to hosts that do: a datagram to an unresolved neighbour sits in the
// kernel's ARP queue for ~3 s, charged to the sending socket's buffer.
// Parsing is pure; the reader is a thin synchronous read, done again on a miss
// (a TV that just ARPed us must be seen at once; the file is small, and the
// callers' answer budgets bound the misses to a few hundred a second).
import { readFileSync } from 'node:fs';

/** ATF_COM: the entry holds a link-layer address; ATF_PERM: set by hand. */
const ATF_COM = 0x2;
const ATF_PERM = 0x4;

/** Addresses with a usable link-layer address in /proc/net/arp text. */
export function parseResolvedNeighbours(procNetArp: string): Set<string> {
  const resolved = new Set<string>();
  for (const line of procNetArp.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 6) continue;
    if ((parseInt(f[2]!, 16) & (ATF_COM | ATF_PERM)) !== 0) resolved.add(f[0]!);
  }
  return resolved;
}

export interface NeighbourView {
  /** True when a datagram to `address` (on-link) can leave without waiting for ARP. */
  resolved(address: string): boolean;
}

export interface NeighbourCacheOptions {
  /** A miss re-reads the table when the snapshot is older than this (coalesces a burst of misses). */
  maxAgeMs?: number;
  read?: () => string;
  now?: () => number;
}

export class NeighbourCache implements NeighbourView {
  private snapshot = new Set<string>();
  private readAt = -Infinity;
  private readonly maxAgeMs: number;
  private readonly read: () => string;
  private readonly now: () => number;

  constructor(options: NeighbourCacheOptions = {}) {
    this.maxAgeMs = options.maxAgeMs ?? 2;
    this.read = options.read ?? (() => readFileSync('/proc/net/arp', 'latin1'));
    this.now = options.now ?? Date.now;
  }

  resolved(address: string): boolean {
    if (this.snapshot.has(address)) return true;
    const now = this.now();
    if (now - this.readAt < this.maxAgeMs) return false;
    this.readAt = now;
    try {
      this.snapshot = parseResolvedNeighbours(this.read());
    } catch {
      // No table to read (not Linux): every neighbour counts as unresolved.
      this.snapshot = new Set();
    }
    return this.snapshot.has(address);
  }
}
