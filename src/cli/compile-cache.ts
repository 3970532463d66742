// Node 22+ can keep V8's compiled code of the modules it loads on disk, so a
// later `dlna-bridge profile lint` or `--help` skips compiling the CLI again.
// Only for modules loaded after the call: main.ts calls it before it imports
// the program. Best effort: wherever the cache cannot live (a read-only root
// file system, a home that is not ours) the CLI runs as without it.
import fs from 'node:fs';
import module from 'node:module';
import os from 'node:os';
import path from 'node:path';

/**
 * The user's cache folder for dlna-bridge ($XDG_CACHE_HOME or ~/.cache), made
 * if needed; undefined where it cannot be used. Not a shared folder such as
 * /tmp: compiled code read from a folder another user can write runs as ours.
 */
function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const home = env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const dir = path.join(home, 'dlna-bridge');
  // One level at a time: a recursive mkdir under /proc or /sys never returns in Node 20-24.
  for (const d of [home, dir]) {
    try {
      fs.mkdirSync(d, { mode: 0o700 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
  }
  const st = fs.lstatSync(dir);
  const ours = typeof process.getuid !== 'function' || st.uid === process.getuid();
  return st.isDirectory() && ours && (st.mode & 0o022) === 0 ? dir : undefined;
}

/** Turns Node's compile cache on, unless Node lacks it (20) or the user chose (NODE_COMPILE_CACHE, NODE_DISABLE_COMPILE_CACHE). */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): void {
  // Typed by hand: the project's @types/node is 20's, which has no compile cache.
  const enable = (module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof enable !== 'function') return;
  if (env.NODE_COMPILE_CACHE !== undefined || env.NODE_DISABLE_COMPILE_CACHE !== undefined) return;
  try {
    const dir = cacheDir(env);
    if (dir !== undefined) enable(dir);
  } catch {
    // A cache is an optimisation: never a reason for the command to fail.
  }
}
