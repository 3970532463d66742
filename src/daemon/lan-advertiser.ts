// TEMPORARY glue until src/advertiser/ lands (helper C owns it): catalog
// events -> SSDP engine, with LOCATION rewritten to the proxy's URL on the LAN.
import type { Catalog } from '../catalog/catalog.js';
import type { UpstreamEntry } from '../catalog/types.js';
import type { SsdpEngine } from '../ssdp/engine.js';
import type { Logger } from '../util/logger.js';

export interface LanAdvertiserOptions {
  catalog: Catalog;
  engine: SsdpEngine;
  advertiseAddress: string;
  httpPort: number;
  logger: Logger;
}

export function lanLocation(entry: UpstreamEntry, address: string, port: number): string {
  return `http://${address}:${port}/u/${entry.key}${entry.location.pathname}${entry.location.search}`;
}

export class LanAdvertiser {
  private readonly onUp = (entry: UpstreamEntry): void => this.announce(entry);
  private readonly onRemoved = (entry: UpstreamEntry): void => {
    void this.options.engine.withdraw(entry.udn);
  };

  constructor(private readonly options: LanAdvertiserOptions) {}

  start(): void {
    this.options.catalog.on('added', this.onUp);
    this.options.catalog.on('changed', this.onUp);
    this.options.catalog.on('removed', this.onRemoved);
    for (const e of this.options.catalog.entries()) this.announce(e);
  }

  stop(): void {
    this.options.catalog.off('added', this.onUp);
    this.options.catalog.off('changed', this.onUp);
    this.options.catalog.off('removed', this.onRemoved);
  }

  private announce(entry: UpstreamEntry): void {
    try {
      this.options.engine.advertise({
        description: entry.description,
        location: lanLocation(entry, this.options.advertiseAddress, this.options.httpPort),
        configId: entry.configId,
      });
    } catch (err) {
      this.options.logger.warn({ udn: entry.udn, err: (err as Error).message }, 'upstream cannot be announced');
    }
  }
}
