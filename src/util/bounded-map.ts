// Run an async function over items with at most `limit` calls in flight,
// started in item order, and hand back one promise per item so the caller can
// consume results in order while later items are still running (play-check
// prints file N as soon as it and all before it are done).

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface BoundedMap<R> {
  /** One per item, in item order; never rejects. */
  readonly results: Promise<Settled<R>>[];
  /** Start nothing more (calls already in flight finish on their own). */
  stop(): void;
}

export function boundedMap<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): BoundedMap<R> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`limit ${limit}: expected a whole number >= 1`);
  const resolvers: ((s: Settled<R>) => void)[] = [];
  const results = items.map(() => new Promise<Settled<R>>((resolve) => resolvers.push(resolve)));
  let next = 0;
  let stopped = false;
  const startNext = (): void => {
    if (stopped || next >= items.length) return;
    const i = next++;
    let call: Promise<R>;
    try {
      call = fn(items[i]!, i);
    } catch (error) {
      call = Promise.reject(error);
    }
    call
      .then(
        (value) => resolvers[i]!({ ok: true, value }),
        (error: unknown) => resolvers[i]!({ ok: false, error }),
      )
      .finally(startNext);
  };
  for (let k = 0; k < Math.min(limit, items.length); k++) startNext();
  return {
    results,
    stop: () => {
      stopped = true;
    },
  };
}
