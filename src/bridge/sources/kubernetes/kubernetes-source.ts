// `--kubernetes-service NAMESPACE/NAME`: follow a Service's pod through its
// EndpointSlices. When the pod moves (another node, a new IP), the old location
// goes 'down' and the new one is probed and comes 'up' at once: the catalog
// re-reads the description and the advertiser starts a new announcement round.
// What is behind the endpoint is probed like `--upstream` does (Jellyfin first,
// then a plain description URL): src/bridge/sources/upstream-url.ts.
import type { SourceEvent } from '../../catalog/types.js';
import type { Source } from '../source.js';
import type { LiteKubeConfig } from '../../../k8s/config.js';
import { watchEndpointSlices, type EndpointSliceView, type SliceWatch } from '../../../k8s/endpoint-slice-watch.js';
import { createLogger, type Logger } from '../../../util/logger.js';
import { createUpstreamSource } from '../upstream-url.js';
import type { UpstreamHealth } from '../upstream-health.js';
import { chooseEndpoint, endpointUrl, sameEndpoint, type ChosenEndpoint } from './endpoint-choice.js';

export interface KubernetesServiceRef {
  namespace: string;
  name: string;
}

export class ServiceRefError extends Error {
  override name = 'ServiceRefError';
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** "media/jellyfin" -> { namespace: 'media', name: 'jellyfin' }. */
export function parseServiceRef(text: string): KubernetesServiceRef {
  const parts = text.split('/');
  if (parts.length !== 2 || !DNS_LABEL.test(parts[0]!) || !DNS_LABEL.test(parts[1]!)) {
    throw new ServiceRefError(
      `--kubernetes-service must be NAMESPACE/NAME (lower-case DNS labels), not ${JSON.stringify(text)}`,
    );
  }
  return { namespace: parts[0]!, name: parts[1]! };
}

/** The part of an upstream source this one drives; createUpstreamSource's PollingSource fits. */
export type InnerSourceFactory = (url: URL, name: string) => Source;

export interface KubernetesSourceOptions {
  /** Named Service port to use when the Service has several (default "http"). */
  portName?: string;
  logger?: Logger;
  /** Poll interval of the inner probe while the endpoint stays (default: the upstream source's). */
  pollIntervalMs?: number;
  timeoutMs?: number;
  /** For tests: what probes an endpoint. */
  innerSource?: InnerSourceFactory;
  /** Where the endpoint's looks are reported, under this source's "NS/NAME" (the daemon's shared tracker). */
  health?: UpstreamHealth;
}

export class KubernetesServiceSource implements Source {
  readonly name: string;
  private readonly logger: Logger;
  private emit: ((e: SourceEvent) => void) | undefined;
  private watch: SliceWatch | undefined;
  private current: ChosenEndpoint | null = null;
  private inner: Source | undefined;
  private lastUp: URL | undefined;
  private switching: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly makeInner: InnerSourceFactory;

  constructor(
    private readonly kc: LiteKubeConfig,
    private readonly ref: KubernetesServiceRef,
    private readonly options: KubernetesSourceOptions = {},
  ) {
    this.name = `kubernetes ${ref.namespace}/${ref.name}`;
    this.logger = (options.logger ?? createLogger('silent')).child({ source: this.name });
    this.makeInner =
      options.innerSource ??
      ((url) =>
        createUpstreamSource(url, {
          intervalMs: options.pollIntervalMs,
          timeoutMs: options.timeoutMs,
          logger: this.logger,
          ...(options.health ? { health: options.health, healthName: this.healthName } : {}),
        }));
    options.health?.register(this.healthName);
  }

  /** Its name in /readyz and the upstream metric label: one name, wherever the pod moves. */
  get healthName(): string {
    return `${this.ref.namespace}/${this.ref.name}`;
  }

  async start(emit: (event: SourceEvent) => void): Promise<void> {
    this.emit = emit;
    this.stopped = false;
    this.watch = await watchEndpointSlices(this.kc, {
      namespace: this.ref.namespace,
      service: this.ref.name,
      onChange: (slices) => this.onSlices(slices),
      onError: (err) =>
        this.logger.warn({ err: (err as Error)?.message ?? String(err) }, 'EndpointSlice watch failed; restarting'),
    });
    await this.switching;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.watch?.stop();
    await this.switching;
    await this.inner?.stop();
    this.inner = undefined;
  }

  /** The endpoint in use, for logs and /readyz. */
  get endpoint(): ChosenEndpoint | null {
    return this.current;
  }

  private onSlices(slices: readonly EndpointSliceView[]): void {
    const next = chooseEndpoint(slices, this.current, this.options.portName ?? 'http');
    // Said at the first list too (nothing ready yet), not only when a pod goes away.
    if (!next)
      this.options.health?.failed(this.healthName, {
        kind: 'no_endpoint',
        reason: `Service ${this.healthName} has no ready endpoint`,
      });
    if (sameEndpoint(next, this.current)) return;
    const previous = this.current;
    this.current = next;
    // Switches run one after another: a quick succession of moves ends on the last one.
    this.switching = this.switching.then(() => this.switchTo(previous, next));
  }

  private async switchTo(previous: ChosenEndpoint | null, next: ChosenEndpoint | null): Promise<void> {
    if (this.stopped) return;
    await this.inner?.stop();
    this.inner = undefined;
    if (this.lastUp) {
      const reason = next
        ? `pod moved to ${next.address}:${next.port}${next.node ? ` on ${next.node}` : ''}`
        : 'no ready endpoint';
      this.send({ kind: 'down', source: this.name, location: this.lastUp, reason });
      this.lastUp = undefined;
    }
    this.logger.info(
      {
        from: previous ? `${previous.address}:${previous.port}` : null,
        to: next ? `${next.address}:${next.port}` : null,
        pod: next?.pod,
      },
      'endpoint changed',
    );
    if (!next || this.stopped) return;
    const inner = this.makeInner(endpointUrl(next), this.name);
    this.inner = inner;
    await inner.start((event) => {
      if (this.inner !== inner) return; // a late event from a replaced endpoint
      if (event.kind === 'up') this.lastUp = event.location;
      else if (this.lastUp?.href === event.location.href) this.lastUp = undefined;
      this.send({ ...event, source: this.name });
    });
  }

  private send(event: SourceEvent): void {
    try {
      this.emit?.(event);
    } catch (err) {
      this.logger.error({ err: (err as Error).message }, 'source consumer failed');
    }
  }
}
