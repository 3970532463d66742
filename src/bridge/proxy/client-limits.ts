// Per-client shares of what the proxy has a fixed number of: connections to
// it, requests in flight to the upstreams (each holds one of the agent's
// upstream sockets for as long as its client keeps it, a paused stream for
// minutes). A client holds at most `perClient`, so however it behaves (300
// idle connections, 70 paused streams) the rest stays for everyone else. No I/O.

export class ClientCounter {
  private readonly counts = new Map<string, number>();

  constructor(readonly perClient: number) {
    if (!(perClient >= 1)) throw new RangeError(`per-client limit must be at least 1, got ${perClient}`);
  }

  count(client: string): number {
    return this.counts.get(client) ?? 0;
  }

  /** Counts one more for `client` unless it already holds its share. */
  tryAcquire(client: string): boolean {
    const n = this.count(client);
    if (n >= this.perClient) return false;
    this.counts.set(client, n + 1);
    return true;
  }

  release(client: string): void {
    const n = this.count(client) - 1;
    if (n > 0) this.counts.set(client, n);
    else this.counts.delete(client);
  }
}
