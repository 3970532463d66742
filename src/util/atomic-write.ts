import { randomBytes } from 'node:crypto';
import { promises as fs, constants as fsc } from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  /** Keep the previous content as `<file>.bak` (itself written atomically). */
  backup?: boolean;
  /** Mode for a file that does not exist yet (default 0o644). An existing file keeps its mode and owner. */
  mode?: number;
}

/**
 * Replace `file` with `data` so that a reader sees either the old or the new
 * content, never a half-written file: write a temporary file in the same
 * folder (same file system, so rename is atomic), fsync it, carry over mode and
 * owner, rename over the target, then fsync the folder so the rename survives
 * a power cut. On any failure the temporary file is removed and the target is
 * untouched.
 */
export async function atomicWriteFile(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  let previous: { mode: number; uid: number; gid: number } | undefined;
  try {
    const st = await fs.stat(file);
    previous = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (options.backup && previous) {
    await atomicWriteFile(`${file}.bak`, await fs.readFile(file), { mode: previous.mode });
  }
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, previous?.mode ?? options.mode ?? 0o644);
  try {
    await handle.writeFile(data);
    if (previous) {
      await handle.chmod(previous.mode);
      // chown needs privileges when the owner differs; only try when it does.
      if (typeof process.getuid === 'function' && (previous.uid !== process.getuid() || previous.gid !== process.getgid?.())) {
        await handle.chown(previous.uid, previous.gid);
      }
    }
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => {});
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await fsyncDir(dir);
}

async function fsyncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, fsc.O_RDONLY);
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still done.
  } finally {
    await handle?.close();
  }
}
