// A decorator of a source that needs a network interface: it waits for the
// interface instead of failing, then starts the real source on it.
import type { SourceEvent } from '../catalog/types.js';
import { ipv4Interface, type Ipv4Interface } from '../../net/interfaces.js';
import type { Logger } from '../../util/logger.js';
import type { Source } from './source.js';

/**
 * A pod-side interface such as cni0 appears only when the node runs its first
 * pod: the bridge must not crash-loop until then. This waits for the interface
 * (and its IPv4 address), then starts the real source on it.
 */
export class WhenInterfaceExists implements Source {
  readonly name: string;
  private inner: Source | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly ifname: string,
    private readonly logger: Logger,
    private readonly make: (iface: Ipv4Interface) => Source,
    private readonly retryMs = 5_000,
    private readonly lookup: (name: string) => Ipv4Interface = ipv4Interface,
  ) {
    this.name = `cluster-ssdp:${ifname}`;
  }

  async start(emit: (event: SourceEvent) => void): Promise<void> {
    this.stopped = false;
    let iface: Ipv4Interface;
    try {
      iface = this.lookup(this.ifname);
    } catch (err) {
      this.logger.warn(
        { iface: this.ifname, err: (err as Error).message, retryMs: this.retryMs },
        'cluster interface not usable yet; waiting for it',
      );
      this.timer = setTimeout(() => {
        this.start(emit).catch((e: Error) =>
          this.logger.warn({ iface: this.ifname, err: e.message }, 'cluster source failed to start'),
        );
      }, this.retryMs);
      return;
    }
    if (this.stopped) return;
    this.inner = this.make(iface);
    await this.inner.start(emit);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inner?.stop();
  }
}
