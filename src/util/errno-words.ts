// File-system and network errors in the words a user reads, without the path
// or host (the caller puts it in front): one table for every command.

const WORDS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a file is where a folder is expected on this path',
  EISDIR: 'is a folder where a file is expected',
  ELOOP: 'too many levels of symbolic links',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'already exists',
  EBUSY: 'busy (in use or a mount point)',
  EXDEV: 'on another file system',
  ENAMETOOLONG: 'name too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host name does not resolve',
  EAI_AGAIN: 'host name does not resolve',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'timed out',
};

/** `permission denied`, `no such file or directory`, `connection refused`, ...; the error's own message for codes not in the table. */
export function errnoWords(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && WORDS[code] !== undefined) return WORDS[code]!;
  return err instanceof Error ? err.message : String(err);
}

/** `path: reason`, the form every file error takes in the CLI's output. */
export function describeFileError(err: unknown, file: string): string {
  return `${file}: ${errnoWords(err)}`;
}
