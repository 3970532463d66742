// The command line that rescues a path trap, for other commands to offer as a
// fix (`stack doctor`'s path-trap finding). It never contains a secret: the
// password is named by file or environment variable only.
import { ENV_PASSWORD } from './credentials.js';

export interface RelocateSuggestion {
  /** qBittorrent's WebUI as reachable from where the command runs, e.g. after `kubectl port-forward` */
  url: string;
  /** the trapped folder, e.g. /downloads; omitted means "the current default save path" */
  from?: string;
  /** a folder on the shared volume, e.g. /data/torrents */
  to: string;
  username?: string;
  /** a file holding the password; omitted: the command reads DLNA_BRIDGE_QBT_PASSWORD */
  passwordFile?: string;
  /** default true: also fix the default save path so the trap does not recur */
  setDefault?: boolean;
  /** default true: suggest a --dry-run first */
  dryRun?: boolean;
}

/** POSIX shell quoting: bare when safe, else single quotes. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * e.g. `DLNA_BRIDGE_QBT_PASSWORD=... dlna-bridge qbt relocate --url http://127.0.0.1:8080 --from /downloads
 * --to /data/torrents --set-default --dry-run` (the env part is a hint, printed without a value).
 */
export function formatRelocateCommand(s: RelocateSuggestion): string {
  const args = ['dlna-bridge', 'qbt', 'relocate', '--url', s.url];
  if (s.username !== undefined) args.push('--username', s.username);
  if (s.passwordFile !== undefined) args.push('--password-file', s.passwordFile);
  if (s.from !== undefined) args.push('--from', s.from);
  args.push('--to', s.to);
  if (s.setDefault ?? true) args.push('--set-default');
  if (s.dryRun ?? true) args.push('--dry-run');
  return args.map(shellQuote).join(' ');
}

/** A short how-to around the command: where the password comes from, and to drop --dry-run after reading the plan. */
export function formatRelocateAdvice(s: RelocateSuggestion): string[] {
  const lines = [formatRelocateCommand(s)];
  if (s.passwordFile === undefined)
    lines.push(`(set ${ENV_PASSWORD} first, or add --password-file FILE; never put the password on the command line)`);
  if (s.dryRun ?? true) lines.push('then run it again without --dry-run to move the torrents');
  return lines;
}
