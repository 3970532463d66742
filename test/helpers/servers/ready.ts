// When a launched server counts as ready: its description is served and a
// container lists every media file (the scan or import is done), so a test
// never races the server's own start-up.
import { findMediaFolder } from './content-directory.js';
import { httpStatusIn, sleep } from './process.js';

/** Polls `check` every 200 ms; `alive` throws when the daemon died (its output says why). */
export async function waitUntil(
  what: string,
  timeoutMs: number,
  check: () => Promise<boolean>,
  alive: () => void,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    alive();
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

export interface Readiness {
  /** Namespace to ask from (the pod's own). */
  ns: string;
  descriptionUrl: string;
  controlUrl: string;
  mediaFiles: number;
  alive: () => void;
  timeoutMs?: number;
}

export function waitUntilListed(r: Readiness): Promise<void> {
  return waitUntil(
    `${r.descriptionUrl} and its ${r.mediaFiles} media files listed`,
    r.timeoutMs ?? 20_000,
    async () =>
      (await httpStatusIn(r.ns, r.descriptionUrl)) === 200 &&
      (await findMediaFolder(r.ns, r.controlUrl, r.mediaFiles).catch(() => undefined)) !== undefined,
    r.alive,
  );
}
