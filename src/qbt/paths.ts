// Path logic for qBittorrent save paths. The paths are qBittorrent's (often a
// container's), not this machine's, so this is string logic on POSIX-style
// paths and never touches the file system. qBittorrent versions disagree on a
// trailing slash ("/downloads/" vs "/downloads"), and a naive prefix test
// would put /data2 under /data: both are handled here, in one place.
import path from 'node:path';

/** A Windows drive path (qBittorrent on Windows reports "C:\\Downloads"). */
const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;

export function isWindowsPath(p: string): boolean {
  return WINDOWS_DRIVE.test(p);
}

/**
 * The canonical form used for comparisons: forward slashes, no duplicate
 * slashes, `.` and `..` resolved, no trailing slash (except the root itself).
 * Windows paths compare case-insensitively, so they are lower-cased here.
 */
export function normalizeQbtPath(p: string): string {
  const trimmed = p.trim();
  if (trimmed === '') return '';
  if (isWindowsPath(trimmed)) {
    const forward = trimmed.replace(/\\/g, '/');
    const drive = forward.slice(0, 2).toLowerCase();
    const rest = path.posix.normalize(forward.slice(2)).replace(/\/+$/, '');
    return `${drive}${rest === '' ? '/' : rest.toLowerCase()}`;
  }
  const normalized = path.posix.normalize(trimmed);
  if (normalized === '/') return '/';
  return normalized.replace(/\/+$/, '');
}

/** True when `child` is `parent` itself or lies inside it (segment-wise: /data2 is not under /data). */
export function isUnder(child: string, parent: string): boolean {
  const c = normalizeQbtPath(child);
  const p = normalizeQbtPath(parent);
  if (c === '' || p === '') return false;
  if (c === p) return true;
  const base = p.endsWith('/') ? p : `${p}/`;
  return c.startsWith(base);
}

/** True for an absolute POSIX path or a Windows drive path. */
export function isAbsoluteQbtPath(p: string): boolean {
  return p.startsWith('/') || isWindowsPath(p);
}

/**
 * Where `p` (under `from`) lands when `from` is replaced by `to`, keeping the
 * part below `from`: /downloads/movies -> /data/torrents/movies. The result
 * keeps `to`'s spelling (case, separators) because qBittorrent gets it as is.
 */
export function rebase(p: string, from: string, to: string): string {
  if (!isUnder(p, from)) throw new Error(`${p} does not lie under ${from}`);
  // displayPath differs from the comparison form only in case, so lengths line up.
  const rest = displayPath(p).slice(displayPath(from).length).replace(/^\/+/, '');
  return rest === '' ? displayPath(to) : joinQbtPath(to, rest);
}

/** A path as the user should see it (and as qBittorrent gets it): tidied, original case kept. */
export function displayPath(p: string): string {
  const trimmed = p.trim();
  if (isWindowsPath(trimmed)) {
    const forward = trimmed.replace(/\\/g, '/');
    const rest = path.posix.normalize(forward.slice(2)).replace(/\/+$/, '');
    return `${forward.slice(0, 2)}${rest === '' ? '/' : rest}`;
  }
  const normalized = path.posix.normalize(trimmed);
  return normalized === '/' ? '/' : normalized.replace(/\/+$/, '');
}

/** Joins a save path and a torrent-relative file name ("Movie/a.mkv", always '/'-separated since API 2.3). */
export function joinQbtPath(dir: string, relative: string): string {
  const base = displayPath(dir);
  return base.endsWith('/') ? `${base}${relative}` : `${base}/${relative}`;
}
