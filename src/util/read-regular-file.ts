// Reads a user-named file without trusting what the name points at: a FIFO
// would block a plain open() forever, /dev/zero or a growing log would be read
// into memory without end. The file is opened non-blocking, checked on the
// open handle (so a swap after the check changes nothing), and read up to a cap.
import { promises as fs, constants as fsc } from 'node:fs';

/** Why a file was refused; `message` reads after the path ("x.xml: is a FIFO, not a regular file"). */
export class UnreadableFileError extends Error {
  override readonly name = 'UnreadableFileError';
  constructor(
    readonly code: 'NOT_REGULAR' | 'TOO_LARGE',
    message: string,
  ) {
    super(message);
  }
}

export interface RegularFile {
  data: Buffer;
  /** Identity of what was read, to notice later that the file changed. */
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  mode: number;
  uid: number;
  gid: number;
}

export async function readRegularFile(file: string, maxBytes: number): Promise<RegularFile> {
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
  const handle = await fs.open(file, fsc.O_RDONLY | fsc.O_NONBLOCK);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw new UnreadableFileError('NOT_REGULAR', `is ${kindOf(st)}, not a regular file`);
    if (st.size > maxBytes) throw tooLarge(maxBytes);
    // Read to the cap, not to st.size: a file may grow while it is read.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(maxBytes);
    }
    return {
      data: Buffer.concat(chunks, total),
      dev: st.dev,
      ino: st.ino,
      size: st.size,
      mtimeMs: st.mtimeMs,
      mode: st.mode & 0o7777,
      uid: st.uid,
      gid: st.gid,
    };
  } finally {
    await handle.close();
  }
}

function tooLarge(maxBytes: number): UnreadableFileError {
  return new UnreadableFileError('TOO_LARGE', `is larger than the ${formatBytes(maxBytes)} this command reads`);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

function kindOf(st: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isSocket(): boolean;
}): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'a special file';
}
