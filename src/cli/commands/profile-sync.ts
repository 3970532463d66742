import { Option, type Command } from 'commander';
import { flagTable, runNamingFlags } from '../with-flag-names.js';
import { FlagProblems } from '../flag-values.js';
import { addPolicyFlags, type PolicyFlags } from './policy-flags.js';

interface SyncFlags extends PolicyFlags {
  configDir: string;
  layout: 'auto' | 'official' | 'linuxserver';
  profiles?: string;
  watch?: boolean;
  dryRun?: boolean;
  gpu: boolean;
  encoding: boolean;
  tvUserAgent?: string;
  strict?: boolean;
  format: 'text' | 'json';
  debounce: string;
}

/**
 * `dlna-bridge profile sync`: keep a Jellyfin /config volume's DLNA profiles
 * and encoding.xml TV-safe. Flags declared and parsed here (every problem at
 * once); src/profile/sync/command.ts, loaded only when it runs, does the work.
 */
export function registerProfileSyncCommand(profile: Command): void {
  const sync = profile
    .command('sync')
    .description(
      'install the curated profiles as Jellyfin user profiles, fix existing user profiles, report system ' +
        'profiles that break the policy (never edited), and set encoding.xml for NVIDIA H.264',
    )
    .requiredOption('--config-dir <dir>', "Jellyfin's /config volume")
    .addOption(
      new Option('--layout <layout>', 'which image wrote the volume')
        .choices(['auto', 'official', 'linuxserver'])
        .default('auto'),
    )
    .option('--profiles <dir>', 'curated profiles to install (default: the profiles/ shipped with dlna-bridge)')
    .option('--watch', 're-apply whenever Jellyfin or a plugin upgrade rewrites the files; runs until SIGTERM/SIGINT')
    .option('--dry-run', 'print what would change; write nothing');
  addPolicyFlags(sync)
    .option('--no-gpu', 'node has no NVIDIA GPU: leave the hardware acceleration settings in encoding.xml alone')
    .option('--no-encoding', 'leave encoding.xml alone entirely')
    .option(
      '--tv-user-agent <substring>',
      'install the generic "H.264-only TV" profile for clients whose User-Agent contains this',
    )
    .option('--strict', 'exit 1 also when a live system profile breaks the policy and no user profile hides it')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--debounce <ms>', 'watch: quiet time before re-applying', '2000')
    .addHelpText(
      'after',
      '\nLayouts: official (jellyfin/jellyfin): /config/config/encoding.xml, /config/plugins/...;\n' +
        '         linuxserver (lscr.io/linuxserver/jellyfin): /config/encoding.xml, /config/data/plugins/...\n' +
        'Exit codes: 0 done or nothing to do; 1 a user profile still breaks the policy (with --strict: also an\n' +
        'unhidden system profile); 2 a folder or file is missing, unreadable, malformed or not writable.\n' +
        'Jellyfin reads profiles and encoding.xml at start: restart it after a run that changed files.\n' +
        'Example: dlna-bridge profile sync --config-dir /config --tv-user-agent "Hisense"',
    )
    .action(async (flags: SyncFlags) => {
      const [{ checkUserAgent }, { policyFromOptions }] = await Promise.all([
        import('../../profile/sync/curated.js'),
        import('../../device-profile/policy-options.js'),
      ]);
      const problems = new FlagProblems();
      if (flags.watch && flags.dryRun) problems.add('--watch and --dry-run exclude each other');
      const why = flags.tvUserAgent === undefined ? undefined : checkUserAgent(flags.tvUserAgent);
      if (why) problems.add(`--tv-user-agent ${why}`);
      const debounceMs = problems.wholeNumber(
        '--debounce',
        flags.debounce,
        { min: 0, max: 600_000 },
        'a whole number of milliseconds (0-600000)',
      );
      problems.throwIfAny();
      const { run } = await import('../../profile/sync/command.js');
      const options = {
        configDir: flags.configDir,
        layout: flags.layout,
        policy: policyFromOptions(flags),
        ...(flags.profiles === undefined ? {} : { curatedDir: flags.profiles }),
        gpu: flags.gpu,
        encoding: flags.encoding,
        tvUserAgent: flags.tvUserAgent,
        dryRun: flags.dryRun === true,
        strict: flags.strict === true,
        format: flags.format,
        watch: flags.watch === true,
        debounceMs: debounceMs!,
      };
      await runNamingFlags(flagFor, () => run(options, { stdout: process.stdout, stderr: process.stderr }));
    });
}

/** The flag behind each error code of the volume and the curated profiles, named in front of the message. */
const flagFor = flagTable({
  JELLYFIN_VOLUME_NOT_FOUND: '--config-dir',
  JELLYFIN_VOLUME_NOT_A_FOLDER: '--config-dir',
  JELLYFIN_VOLUME_UNREADABLE: '--config-dir',
  JELLYFIN_LAYOUT_AMBIGUOUS: '--layout',
  SYNC_CURATED_NOT_FOUND: '--profiles',
  SYNC_CURATED_UNREADABLE: '--profiles',
});
