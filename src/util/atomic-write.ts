import { randomBytes } from 'node:crypto';
import { promises as fs, constants as fsc } from 'node:fs';
import path from 'node:path';

/** What a file was when it was read: replacing it is allowed only while it still is. */
export interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface AtomicWriteOptions {
  /** Keep the replaced content as `<file>.bak` (or `.bak.N` when a different backup is already there). */
  backup?: boolean;
  /** Mode for a file that does not exist yet (default 0o644). An existing file keeps its mode and owner. */
  mode?: number;
  /**
   * Replace only if the target is still the file that was read (`FileIdentity`),
   * or create it only if there is still none (`'absent'`). Otherwise nothing is
   * written and FileChangedError is thrown: someone else's edit is never lost.
   */
  expect?: FileIdentity | 'absent';
  /** Owner of a new file. Set on the temporary file before the rename, never through the path. */
  owner?: { uid: number; gid: number };
}

export interface AtomicWriteResult {
  /** Where the previous content was kept, when `backup` was asked for and there was one. */
  backupPath?: string;
}

/** The target moved since it was read: someone else's edit, which is kept. */
export class FileChangedError extends Error {
  override readonly name = 'FileChangedError';
}

/** The target is not a plain file this writer may replace (a link, a FIFO, a device). */
export class NotReplaceableError extends Error {
  override readonly name = 'NotReplaceableError';
}

/**
 * Replace `file` with `data` so that a reader sees either the old or the new
 * content, never a half-written file: write a temporary file in the same
 * folder (same file system, so rename is atomic), fsync it, give it mode and
 * owner through its handle, rename it over the target, then fsync the folder
 * so the rename survives a power cut. On any failure the temporary file is
 * removed and the target is untouched.
 *
 * The target itself is never followed: a symbolic link there is refused
 * (callers that mean to write through a link resolve it first), so a link
 * swapped in by someone else cannot redirect the write, the backup or the
 * ownership change to a file outside the folder.
 */
export async function atomicWriteFile(
  file: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<AtomicWriteResult> {
  const dir = path.dirname(file);
  const previous = await currentFile(file);
  checkExpected(previous, options.expect);
  const result: AtomicWriteResult = {};
  if (options.backup && previous) {
    result.backupPath = await writeBackup(file, previous);
  }
  const mode = previous?.mode ?? options.mode ?? 0o644;
  const owner = previous ? { uid: previous.uid, gid: previous.gid } : options.owner;
  const tmp = await writeTemp(dir, path.basename(file), data, mode, owner);
  try {
    if (options.expect === 'absent') {
      await createExclusive(tmp, file);
    } else {
      // Checked again right before the rename: an edit made while we worked wins.
      checkExpected(await currentFile(file), options.expect);
      await fs.rename(tmp, file);
    }
  } finally {
    await fs.rm(tmp, { force: true });
  }
  await fsyncDir(dir);
  return result;
}

interface CurrentFile extends FileIdentity {
  mode: number;
  uid: number;
  gid: number;
}

async function currentFile(file: string): Promise<CurrentFile | undefined> {
  let st;
  try {
    st = await fs.lstat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (st.isSymbolicLink()) throw new NotReplaceableError('is a symbolic link (name the file it points to)');
  if (!st.isFile()) throw new NotReplaceableError('is not a regular file');
  return { ino: st.ino, size: st.size, mtimeMs: st.mtimeMs, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid };
}

function checkExpected(now: CurrentFile | undefined, expect: AtomicWriteOptions['expect']): void {
  if (expect === undefined) return;
  if (expect === 'absent') {
    if (now) throw new FileChangedError('was created by someone else after the folder was read');
    return;
  }
  if (!now) throw new FileChangedError('was removed after it was read');
  if (now.ino !== expect.ino || now.size !== expect.size || now.mtimeMs !== expect.mtimeMs) {
    throw new FileChangedError('was written by someone else after it was read');
  }
}

async function writeTemp(
  dir: string,
  base: string,
  data: string | Uint8Array,
  mode: number,
  owner: { uid: number; gid: number } | undefined,
): Promise<string> {
  const tmp = path.join(dir, `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW, mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    if (owner && needsChown(owner)) await handle.chown(owner.uid, owner.gid);
    await handle.sync();
    await handle.close();
  } catch (err) {
    await handle.close().catch(() => {});
    await fs.rm(tmp, { force: true });
    throw err;
  }
  return tmp;
}

/** Only root can give a file away; anyone may keep their own. */
function needsChown(owner: { uid: number; gid: number }): boolean {
  if (typeof process.getuid !== 'function') return false;
  return owner.uid !== process.getuid() || owner.gid !== process.getgid?.();
}

/** Put `tmp` at `file` only if nothing is there: link() fails on an existing name, atomically. */
async function createExclusive(tmp: string, file: string): Promise<void> {
  try {
    await fs.link(tmp, file);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new FileChangedError('was created by someone else after the folder was read');
    // File systems without hard links: check, then rename (a narrower guarantee).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EMLINK') throw err;
  }
  checkExpected(await currentFile(file), 'absent');
  await fs.rename(tmp, file);
}

/**
 * Keeps the content being replaced. An existing backup is never overwritten:
 * when `<file>.bak` already holds this content it serves as is, when it holds
 * something else the next free `<file>.bak.N` is taken (created exclusively,
 * so concurrent runs each keep what they replaced).
 */
async function writeBackup(file: string, previous: CurrentFile): Promise<string> {
  const content = await readOwnContent(file, previous);
  for (let n = 0; n < 1000; n++) {
    const name = n === 0 ? `${file}.bak` : `${file}.bak.${n}`;
    const existing = await readIfRegular(name);
    if (existing === 'absent') {
      const tmp = await writeTemp(path.dirname(file), path.basename(name), content, previous.mode, {
        uid: previous.uid,
        gid: previous.gid,
      });
      try {
        await createExclusive(tmp, name);
        return name;
      } catch (err) {
        if (!(err instanceof FileChangedError)) throw err;
        // Someone took this name meanwhile: look at the next one.
      } finally {
        await fs.rm(tmp, { force: true });
      }
    } else if (existing !== 'other' && existing.equals(content)) {
      return name;
    }
  }
  throw new Error(`${file}: 1000 backups already exist; remove old ones`);
}

/** The current content, read without following a link and only if it is still the file looked at. */
async function readOwnContent(file: string, expected: CurrentFile): Promise<Buffer> {
  const handle = await fs.open(file, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (st.ino !== expected.ino) throw new FileChangedError('was replaced while it was being backed up');
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

async function readIfRegular(name: string): Promise<Buffer | 'absent' | 'other'> {
  let handle;
  try {
    handle = await fs.open(name, fsc.O_RDONLY | fsc.O_NOFOLLOW | fsc.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'absent';
    if (code === 'ELOOP') return 'other'; // a symlink sits on that name: leave it, take the next
    throw err;
  }
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.size > 64 * 1024 * 1024) return 'other';
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Makes a rename in `dir` survive a power cut. */
export async function fsyncDir(dir: string): Promise<void> {
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
