// `dlna-bridge qbt ...`: qBittorrent maintenance through its WebUI API.
// Flags only: parsed and checked here (every problem at once), then
// src/qbt/command.ts, loaded lazily, runs the command.
import { Option, type Command } from 'commander';
import type { RelocateCommandOptions } from '../../qbt/command.js';
import { FlagProblems } from '../flag-values.js';
import { flagTable, runNamingFlags } from '../with-flag-names.js';

const RELOCATE_HELP = `
Moves torrents out of a folder that is not on a mounted volume (the "path trap":
files written to a container's own file system vanish with the pod and are
invisible to Radarr/Sonarr) onto the shared volume, through qBittorrent's own
"Set location". qBittorrent copies across file systems and removes a source only
after a complete copy; this command deletes nothing. Running it again is safe:
torrents already under --to are reported as done.

Paths are as qBittorrent sees them (inside its container).
--from defaults to the current default save path (Options > Downloads), the
usual trap (/downloads in linuxserver's image).

Credentials (never on the command line, where ps and shell history keep them):
  --password-file FILE (or - for stdin), or DLNA_BRIDGE_QBT_PASSWORD
  --api-key-file FILE, or DLNA_BRIDGE_QBT_API_KEY (qBittorrent 5.2+)
  username: --username, DLNA_BRIDGE_QBT_USERNAME, else "admin"
  nothing: works where qBittorrent needs no login for this address
A wrong password stops the run at once: qBittorrent bans an address after a few
failed logins.

Files are checked at the destination (paths and sizes) when this machine sees
qBittorrent's files (same host, or the volume mounted here at the same path;
--local-files auto detects it); writability and free space are then checked
before anything moves (as the user running this command).

Examples:
  kubectl -n media port-forward svc/qbittorrent 8080:8080 &
  DLNA_BRIDGE_QBT_PASSWORD=... dlna-bridge qbt relocate --url http://127.0.0.1:8080 \\
      --from /downloads --to /data/torrents --set-default --dry-run

Exit codes: 0 all done, 1 a torrent failed or needs attention, 2 errors
(unreachable, refused login, 403/409, destination not writable: nothing lost).`;

/** The flag behind each error code of src/qbt/errors.ts that belongs to one. */
const FLAG_FOR = flagTable({
  QBT_URL_INVALID: '--url',
  QBT_DESTINATION_NOT_ABSOLUTE: '--to',
  QBT_SOURCE_NOT_ABSOLUTE: '--from',
  QBT_FOLDERS_SAME: '--from',
  QBT_FOLDERS_NESTED: '--from',
});

/** What commander hands the action: the command's options, with the numbers still text and the refused --password. */
type RelocateFlags = Omit<RelocateCommandOptions, 'localFiles' | 'moveTimeout' | 'timeout'> & {
  localFiles: NonNullable<RelocateCommandOptions['localFiles']>;
  moveTimeout?: string;
  timeout?: string;
  password?: string;
};

function seconds(problems: FlagProblems, flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() !== '' && Number.isFinite(n) && n > 0) return n;
  problems.add(`${flag} must be a positive number of seconds, not "${value}"`);
  return undefined;
}

export function registerQbtCommands(program: Command): void {
  const qbt = program.command('qbt').description('qBittorrent maintenance through its WebUI API');

  qbt
    .command('relocate')
    .description('move torrents out of a trapped folder onto the shared volume, and fix the default save path')
    .requiredOption('--url <url>', "qBittorrent's WebUI, e.g. http://127.0.0.1:8080")
    .requiredOption('--to <path>', 'destination folder on the shared volume, e.g. /data/torrents')
    .option('--from <path>', 'the trapped folder (default: the current default save path)')
    .addOption(new Option('--username <name>', 'WebUI user (default: admin)').env('DLNA_BRIDGE_QBT_USERNAME'))
    .option('--password-file <file>', 'file holding the WebUI password (- reads stdin)')
    .option('--api-key-file <file>', 'file holding a WebUI API key (qBittorrent 5.2+)')
    .option(
      '--set-default',
      'also make --to the default save path (and move the incomplete folder if it is under --from)',
    )
    .option('--dry-run', 'print the plan and change nothing')
    .addOption(
      new Option('--local-files <mode>', "check files on this machine's file system")
        .choices(['auto', 'yes', 'no'])
        .default('auto'),
    )
    .option('--move-timeout <seconds>', 'give up waiting for one torrent after this long (default 7200)')
    .option('--timeout <seconds>', 'per HTTP request (default 15)')
    .option('--json', 'print the plan and outcomes as JSON instead of text')
    // Refuse loudly rather than "unknown option": say why and what to do instead.
    .addOption(new Option('--password <password>').hideHelp())
    .addHelpText('after', RELOCATE_HELP)
    .action(async (flags: RelocateFlags) => {
      const problems = new FlagProblems();
      if (flags.password !== undefined) {
        problems.add(
          'refusing --password: a password on the command line is visible in ps and kept in shell history; ' +
            'use --password-file FILE (or -) or DLNA_BRIDGE_QBT_PASSWORD',
        );
      }
      const timeout = seconds(problems, '--timeout', flags.timeout);
      const moveTimeout = seconds(problems, '--move-timeout', flags.moveTimeout);
      problems.throwIfAny();
      const { run } = await import('../../qbt/command.js');
      const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
      await runNamingFlags(FLAG_FOR, () => run({ ...flags, timeout, moveTimeout }, io));
    });
}
