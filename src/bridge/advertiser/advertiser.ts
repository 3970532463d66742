// Catalog events -> SSDP engine: every upstream in the catalog is announced on
// the LAN under its own UDN with a LOCATION on the bridge (lanLocation), a
// changed one gets a fresh round, a removed one a byebye.
import type { CatalogEvents, UpstreamEntry } from '../catalog/types.js';
import type { AdvertiseInput } from '../ssdp/engine.js';
import type { Advertisement } from '../ssdp/round.js';
import { createLogger, type Logger } from '../../util/logger.js';
import { lanLocation } from '../catalog/proxy-path.js';

type Listener<K extends keyof CatalogEvents> = (...args: CatalogEvents[K]) => void;

/** What the advertiser needs from the catalog (the Catalog class satisfies it). */
export interface CatalogFeed {
  on<K extends keyof CatalogEvents>(event: K, listener: Listener<K>): unknown;
  off<K extends keyof CatalogEvents>(event: K, listener: Listener<K>): unknown;
  entries(): UpstreamEntry[];
}

/** What the advertiser needs from the SSDP engine (SsdpEngine satisfies it). */
export interface AnnouncingEngine {
  advertise(input: AdvertiseInput): Advertisement;
  withdraw(udn: string): Promise<void>;
}

export interface LanAdvertiserOptions {
  catalog: CatalogFeed;
  engine: AnnouncingEngine;
  advertiseAddress: string;
  httpPort: number;
  logger?: Logger;
}

export class LanAdvertiser {
  private readonly log: Logger;
  /** Upstreams the engine accepted; a refused one (bad UDN) is not withdrawn later. */
  private readonly announced = new Set<string>();
  private started = false;

  private readonly onAdded = (entry: UpstreamEntry): void => this.announce(entry);
  private readonly onChanged = (entry: UpstreamEntry, previous: UpstreamEntry): void => {
    // The catalog keys by UDN, so this should not happen; if it does, the old identity must leave.
    if (previous.udn !== entry.udn) this.withdraw(previous, 'replaced by another device');
    this.announce(entry);
  };
  private readonly onRemoved = (entry: UpstreamEntry, reason: string): void => this.withdraw(entry, reason);

  constructor(private readonly options: LanAdvertiserOptions) {
    this.log = (options.logger ?? createLogger('silent')).child({ component: 'advertiser' });
  }

  /** Subscribes, then announces what the catalog already holds. */
  start(): void {
    if (this.started) return;
    this.started = true;
    const { catalog } = this.options;
    catalog.on('added', this.onAdded);
    catalog.on('changed', this.onChanged);
    catalog.on('removed', this.onRemoved);
    for (const e of catalog.entries()) this.announce(e);
  }

  /** Unsubscribes. Byebyes on shutdown are the engine's stopAll(), awaited by the daemon. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    const { catalog } = this.options;
    catalog.off('added', this.onAdded);
    catalog.off('changed', this.onChanged);
    catalog.off('removed', this.onRemoved);
  }

  /** LOCATION the TVs are told for `entry`. */
  locationOf(entry: UpstreamEntry): string {
    return lanLocation(entry, this.options.advertiseAddress, this.options.httpPort);
  }

  private announce(entry: UpstreamEntry): void {
    try {
      const ad = this.options.engine.advertise({
        description: entry.description,
        location: this.locationOf(entry),
        configId: entry.configId,
      });
      this.announced.add(entry.udn);
      this.log.debug(
        { udn: entry.udn, location: ad.location, bootId: ad.bootId, source: entry.source },
        'announcing upstream',
      );
    } catch (err) {
      // An upstream whose identity cannot go on the wire (UDN with spaces, LOCATION
      // too long for 1024 bytes) is skipped; the rest of the bridge carries on.
      this.log.warn(
        { udn: entry.udn, source: entry.source, err: (err as Error).message },
        'upstream cannot be announced on SSDP',
      );
    }
  }

  private withdraw(entry: UpstreamEntry, reason: string): void {
    if (!this.announced.delete(entry.udn)) return;
    this.log.info({ udn: entry.udn, reason }, 'withdrawing upstream');
    this.options.engine
      .withdraw(entry.udn)
      .catch((err: Error) => this.log.warn({ udn: entry.udn, err: err.message }, 'byebye failed'));
  }
}
