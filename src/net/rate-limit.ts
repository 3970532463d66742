// Token buckets, one per key or one in all: the SSDP responder budgets its
// answers (an M-SEARCH answer is ~30x the request: reflection) per source and
// in total, the proxy its log lines about refused clients. Pure: time is passed in.

export interface BucketLimit {
  /** Tokens available at once. */
  burst: number;
  /** Tokens added per second. */
  perSecond: number;
}

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: BucketLimit,
    nowMs: number,
  ) {
    this.tokens = limit.burst;
    this.last = nowMs;
  }

  private refill(nowMs: number): void {
    const elapsed = Math.max(0, nowMs - this.last) / 1000;
    this.tokens = Math.min(this.limit.burst, this.tokens + elapsed * this.limit.perSecond);
    this.last = nowMs;
  }

  /** Takes `cost` tokens if there are that many; false (nothing taken) otherwise. */
  take(nowMs: number, cost = 1): boolean {
    this.refill(nowMs);
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }

  /** True when `cost` tokens are available now (nothing taken). */
  has(nowMs: number, cost: number): boolean {
    this.refill(nowMs);
    return this.tokens >= cost;
  }

  /** True when the bucket has refilled completely (forgetting it loses nothing). */
  isFull(nowMs: number): boolean {
    this.refill(nowMs);
    return this.tokens >= this.limit.burst;
  }
}

/**
 * One bucket per key (source address), with a bounded number of keys so a flood
 * of spoofed sources cannot grow memory: the least recently used key is
 * forgotten (a fresh bucket for it later is what the global cap is for).
 */
export class KeyedTokenBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly limit: BucketLimit,
    private readonly maxKeys = 4096,
  ) {}

  take(key: string, nowMs: number, cost = 1): boolean {
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key); // re-insert: Map order is our LRU order
    } else {
      if (this.buckets.size >= this.maxKeys) this.evict(nowMs);
      bucket = new TokenBucket(this.limit, nowMs);
    }
    this.buckets.set(key, bucket);
    return bucket.take(nowMs, cost);
  }

  /** True when `key` has no token left now; an unknown key has a full bucket. Takes nothing. */
  exhausted(key: string, nowMs: number): boolean {
    const bucket = this.buckets.get(key);
    return bucket !== undefined && !bucket.has(nowMs, 1);
  }

  get size(): number {
    return this.buckets.size;
  }

  private evict(nowMs: number): void {
    // Drop refilled buckets first (free), then the least recently used.
    for (const [key, b] of this.buckets) if (b.isFull(nowMs)) this.buckets.delete(key);
    while (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next().value;
      if (oldest === undefined) break;
      this.buckets.delete(oldest);
    }
  }
}
