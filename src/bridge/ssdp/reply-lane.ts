// One send path for M-SEARCH answers: a socket of its own and a bounded queue
// in front of it. When the kernel's buffer for the socket is full (datagrams to
// unresolvable neighbours wait there for ARP), sends wait here instead, and an
// answer that waited longer than a TV waits for it (UDA: a unicast search is
// answered within 1 s; a multicast one within MX) is dropped, never sent late.
// The queue holds at most `maxQueued` datagrams; beyond that new ones are dropped.
import type { Sender } from './responder.js';

export interface ReplyLaneOptions {
  send(datagram: Buffer, port: number, address: string): Promise<void>;
  maxQueued: number;
  maxWaitMs: number;
  now: () => number;
  onSent(): void;
  onStale(): void;
  onOverflow(): void;
  onError(err: Error, to: string): void;
}

interface Queued {
  datagram: Buffer;
  to: Sender;
  at: number;
}

export class ReplyLane {
  private queue: Queued[] = [];
  private head = 0;
  private pumping: Promise<void> | undefined;

  constructor(private readonly options: ReplyLaneOptions) {}

  get queued(): number {
    return this.queue.length - this.head;
  }

  enqueue(datagrams: readonly Buffer[], to: Sender): void {
    const at = this.options.now();
    for (const datagram of datagrams) {
      if (this.queued >= this.options.maxQueued) this.options.onOverflow();
      else this.queue.push({ datagram, to, at });
    }
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
  }

  /** Resolves once everything queued was sent or dropped. */
  async idle(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** Drops what waits (shutdown). */
  clear(): void {
    this.queue = [];
    this.head = 0;
  }

  private async pump(): Promise<void> {
    const o = this.options;
    while (this.head < this.queue.length) {
      const item = this.queue[this.head++]!;
      if (this.head > 1024) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      if (o.now() - item.at > o.maxWaitMs) {
        o.onStale();
        continue;
      }
      try {
        await o.send(item.datagram, item.to.port, item.to.address);
        o.onSent();
      } catch (err) {
        o.onError(err as Error, item.to.address);
      }
    }
    this.queue = [];
    this.head = 0;
  }
}
