// Sends a body the proxy holds in memory (a rewritten XML answer, in pieces)
// as fast as the client takes it: a slice at a time, the next one only after
// the previous drained, never the whole body queued at once; and a client
// that takes nothing for `stallMs` is cut off, so a client that asks and never
// reads holds its bytes (and its share of the body budget) for a bounded time.
// The socket's own idle timer cannot do this: one large write completes only
// when every byte has left, so a client reading slowly would look idle.
import type { Writable } from 'node:stream';

export const SEND_SLICE_BYTES = 64 * 1024;

export function sendBuffered(
  res: Writable,
  pieces: readonly Buffer[],
  stallMs: number,
  sliceBytes = SEND_SLICE_BYTES,
): void {
  let piece = 0;
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;
  const stop = (): void => clearTimeout(timer);
  const arm = (): void => {
    stop();
    timer = setTimeout(() => res.destroy(new Error(`client took nothing for ${stallMs} ms`)), stallMs);
  };
  /** The next slice to write, or undefined when all is out. */
  const next = (): Buffer | undefined => {
    while (piece < pieces.length && offset >= pieces[piece]!.length) {
      piece++;
      offset = 0;
    }
    if (piece >= pieces.length) return undefined;
    const current = pieces[piece]!;
    const slice = current.subarray(offset, Math.min(offset + sliceBytes, current.length));
    offset += slice.length;
    return slice;
  };
  const pump = (): void => {
    arm();
    for (let slice = next(); slice !== undefined; slice = next()) {
      if (!res.write(slice)) {
        res.once('drain', pump);
        return;
      }
    }
    // The timer stays armed until the last slice is flushed ('finish').
    res.end();
  };
  res.once('finish', stop);
  res.once('close', stop);
  pump();
}
