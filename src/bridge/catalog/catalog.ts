// The catalog: what sources report, turned into the set of upstreams the
// bridge serves, and change events for the advertiser (see types.ts).
//
// Sources report per (source, location); the catalog keys upstreams by root
// UDN. One server can be reported twice (an explicit --upstream and the
// pod-side SSDP source; two interfaces of one pod): the first report that is
// still up is the active one, the others are standbys that take over, without
// the TV noticing anything but a new announcement round, when it goes down.
import { EventEmitter } from 'node:events';
import { parseDeviceDescription, type DeviceDescription } from '../upnp/description.js';
import type { CatalogEvents, SourceEvent, UpstreamEntry } from './types.js';
import { configIdOf, upstreamKey } from './identity.js';
import type { BridgeMetrics } from '../metrics/metrics.js';
import { createLogger, type Logger } from '../../util/logger.js';

export interface CatalogOptions {
  logger?: Logger;
  metrics?: BridgeMetrics;
  /** A flood of announcements on the pod network must not grow the catalog without bound. */
  maxUpstreams?: number;
}

export interface Readiness {
  ready: boolean;
  /** Why not (or what is up), for /readyz's JSON. */
  reason: string;
}

interface Report {
  id: string;
  key: string;
  source: string;
  location: URL;
  descriptionText: string;
  description: DeviceDescription;
}

export const DEFAULT_MAX_UPSTREAMS = 64;

const reportId = (source: string, location: URL): string => `${source}\n${location.href}`;

export class Catalog extends EventEmitter<CatalogEvents> {
  private readonly logger: Logger;
  private readonly metrics: BridgeMetrics | undefined;
  private readonly maxUpstreams: number;
  /** Every live report by (source, location). */
  private readonly reports = new Map<string, Report>();
  /** Reports per upstream key, oldest first: the first one is active. */
  private readonly byKey = new Map<string, Report[]>();
  private readonly active = new Map<string, UpstreamEntry>();

  constructor(options: CatalogOptions = {}) {
    super();
    this.logger = (options.logger ?? createLogger('silent')).child({ component: 'catalog' });
    this.metrics = options.metrics;
    this.maxUpstreams = options.maxUpstreams ?? DEFAULT_MAX_UPSTREAMS;
  }

  /** Feed one source event. Never throws: a bad description counts as that server being down. */
  apply(event: SourceEvent): void {
    const id = reportId(event.source, event.location);
    if (event.kind === 'down') {
      this.drop(id, event.reason);
      return;
    }
    let description: DeviceDescription;
    try {
      description = parseDeviceDescription(event.descriptionText);
    } catch (err) {
      const reason = `bad description: ${(err as Error).message}`;
      this.logger.warn({ source: event.source, location: event.location.href, reason }, 'upstream description refused');
      this.metrics?.catalogRejected.inc({ reason: 'bad_description' });
      this.drop(id, reason);
      return;
    }
    const key = upstreamKey(description.root.udn);
    const previous = this.reports.get(id);
    if (previous && previous.key !== key) this.drop(id, `${event.location.href} now serves another device`);
    if (!this.byKey.has(key) && this.byKey.size >= this.maxUpstreams) {
      this.logger.warn(
        { source: event.source, location: event.location.href, max: this.maxUpstreams },
        'too many upstreams; report ignored',
      );
      this.metrics?.catalogRejected.inc({ reason: 'too_many_upstreams' });
      return;
    }
    const report: Report = {
      id,
      key,
      source: event.source,
      location: event.location,
      descriptionText: event.descriptionText,
      description,
    };
    this.reports.set(id, report);
    const list = this.byKey.get(key) ?? [];
    const at = list.findIndex((r) => r.id === id);
    if (at >= 0) list[at] = report;
    else list.push(report);
    this.byKey.set(key, list);
    this.settle(key, 'reported up');
  }

  /** The upstream served under /u/{key}/, if it is up. */
  lookup(key: string): UpstreamEntry | undefined {
    return this.active.get(key);
  }

  entries(): UpstreamEntry[] {
    return [...this.active.values()];
  }

  /** At least one upstream is up: the bridge has something to offer (for /readyz). */
  ready(): boolean {
    return this.active.size > 0;
  }

  readiness(): Readiness {
    if (this.active.size === 0) return { ready: false, reason: 'no upstream media server is up' };
    return { ready: true, reason: `${this.active.size} upstream(s) up` };
  }

  private drop(id: string, reason: string): void {
    const report = this.reports.get(id);
    if (!report) return;
    this.reports.delete(id);
    const list = (this.byKey.get(report.key) ?? []).filter((r) => r.id !== id);
    if (list.length === 0) this.byKey.delete(report.key);
    else this.byKey.set(report.key, list);
    this.settle(report.key, reason);
  }

  /** Make the active entry of `key` match its first report, and say what changed. */
  private settle(key: string, reason: string): void {
    const first = this.byKey.get(key)?.[0];
    const previous = this.active.get(key);
    if (!first) {
      if (!previous) return;
      this.active.delete(key);
      this.updateGauge();
      this.logger.info({ key, udn: previous.udn, location: previous.location.href, reason }, 'upstream removed');
      this.notify('removed', previous, reason);
      return;
    }
    if (
      previous &&
      previous.location.href === first.location.href &&
      previous.descriptionText === first.descriptionText
    ) {
      // Same server, same description: nothing a TV could notice. Keep the
      // entry object (the proxy may hold it) but record who reports it now.
      previous.source = first.source;
      return;
    }
    const entry: UpstreamEntry = {
      key,
      udn: first.description.root.udn,
      location: first.location,
      description: first.description,
      descriptionText: first.descriptionText,
      configId: configIdOf(first.descriptionText),
      source: first.source,
    };
    this.active.set(key, entry);
    this.updateGauge();
    const fields = {
      key,
      udn: entry.udn,
      location: entry.location.href,
      source: entry.source,
      name: entry.description.root.friendlyName,
    };
    if (!previous) {
      this.logger.info(fields, 'upstream added');
      this.notify('added', entry);
    } else {
      this.logger.info({ ...fields, previousLocation: previous.location.href, reason }, 'upstream changed');
      this.notify('changed', entry, previous);
    }
  }

  /** A throwing listener is a bug elsewhere; it must not stop the catalog from reaching the others.
   *  rawListeners, so once() listeners still remove themselves. */
  private notify<K extends keyof CatalogEvents>(event: K, ...args: CatalogEvents[K]): void {
    for (const listener of this.rawListeners(event)) {
      try {
        (listener as (...a: CatalogEvents[K]) => void)(...args);
      } catch (err) {
        this.logger.error({ event, err: (err as Error).message }, 'catalog listener failed');
      }
    }
  }

  private updateGauge(): void {
    this.metrics?.upstreamsUp.set(this.active.size);
  }
}
