import { Option, type Command } from 'commander';
import { CliError, EXIT_ERROR, EXIT_OK } from '../exit-codes.js';
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

/** `dlna-bridge profile sync`: keep a Jellyfin /config volume's DLNA profiles and encoding.xml TV-safe. */
export function registerProfileSyncCommand(profile: Command): void {
  const sync = profile
    .command('sync')
    .description(
      'install the curated profiles as Jellyfin user profiles, fix existing user profiles, report system ' +
        'profiles that break the policy (never edited), and set encoding.xml for NVIDIA H.264',
    )
    .requiredOption('--config-dir <dir>', "Jellyfin's /config volume")
    .addOption(new Option('--layout <layout>', 'which image wrote the volume').choices(['auto', 'official', 'linuxserver']).default('auto'))
    .option('--profiles <dir>', 'curated profiles to install (default: the profiles/ shipped with dlna-bridge)')
    .option('--watch', 're-apply whenever Jellyfin or a plugin upgrade rewrites the files; runs until SIGTERM/SIGINT')
    .option('--dry-run', 'print what would change; write nothing');
  addPolicyFlags(sync)
    .option('--no-gpu', 'node has no NVIDIA GPU: leave the hardware acceleration settings in encoding.xml alone')
    .option('--no-encoding', 'leave encoding.xml alone entirely')
    .option('--tv-user-agent <substring>', 'install the generic "H.264-only TV" profile for clients whose User-Agent contains this')
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
      const [{ inspectVolume }, { runSyncPass }, { formatSyncText, syncJson }, { defaultProfileRules }, { checkUserAgent }, { policyFromOptions }] =
        await Promise.all([
          import('../../jellyfin/inspect.js'),
          import('../../profile/sync/run.js'),
          import('../../profile/sync/report.js'),
          import('../../profile/sync/rules.js'),
          import('../../profile/sync/curated.js'),
          import('../../profile/policy-options.js'),
        ]);
      if (flags.watch && flags.dryRun) throw new CliError('--watch and --dry-run exclude each other', EXIT_ERROR);
      if (flags.tvUserAgent !== undefined) {
        const why = checkUserAgent(flags.tvUserAgent);
        if (why) throw new CliError(`--tv-user-agent ${why}`, EXIT_ERROR);
      }
      const debounceMs = Number(flags.debounce);
      if (!Number.isInteger(debounceMs) || debounceMs < 0 || debounceMs > 600_000) {
        throw new CliError(`--debounce must be a whole number of milliseconds (0-600000), got '${flags.debounce}'`, EXIT_ERROR);
      }
      const policy = policyFromOptions(flags);
      const { fileURLToPath } = await import('node:url');
      const curatedDir = flags.profiles ?? fileURLToPath(new URL('../../../profiles/', import.meta.url));
      const volume = await inspectVolume(flags.configDir, flags.layout);
      const opts = {
        policy,
        gpu: flags.gpu,
        encoding: flags.encoding,
        tvUserAgent: flags.tvUserAgent,
        curatedDir,
        dryRun: flags.dryRun === true,
        strict: flags.strict === true,
        raceRetries: 2,
      };
      const rules = defaultProfileRules();
      const print = (o: Parameters<typeof formatSyncText>[0]): void => {
        process.stdout.write(flags.format === 'json' ? `${JSON.stringify(syncJson(o))}\n` : formatSyncText(o));
      };

      if (!flags.watch) {
        const outcome = await runSyncPass(volume, opts, rules);
        print(outcome);
        process.exitCode = outcome.exitCode;
        return;
      }

      const { watchSync, WATCH_DEFAULTS } = await import('../../profile/sync/watch.js');
      const { createLogger } = await import('../../util/logger.js');
      const log = createLogger('info', 'dlna-bridge-sync');
      const stop = new AbortController();
      const onSignal = (sig: NodeJS.Signals): void => {
        log.info({ signal: sig }, 'stopping watch');
        stop.abort();
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      log.info({ volume: volume.paths.volume, layout: volume.paths.layout }, 'watching');
      let lastSignature: string | undefined;
      await watchSync(volume, opts, rules, {
        ...WATCH_DEFAULTS,
        debounceMs,
        signal: stop.signal,
        onPass: (o, trigger) => {
          const wrote = (o.applied?.written.length ?? 0) > 0;
          log.info({ trigger, written: o.applied?.written.map((w) => w.path) ?? [], retry: o.retry, exitCode: o.exitCode }, 'sync pass');
          // Print when something was written or the findings changed (a new plugin folder, a new problem),
          // not for every quiet pass: a sidecar's log stays readable.
          const signature = JSON.stringify([o.plan.liveSystemFolder, o.plan.systemFindings.map((f) => [f.path, f.reach]), o.plan.problems, o.plan.userFindings.map((f) => f.path)]);
          if (wrote || signature !== lastSignature) print(o);
          lastSignature = signature;
        },
        onError: (err) => log.error({ err }, 'sync pass failed; retrying'),
      });
      process.exitCode = EXIT_OK;
    });
}
