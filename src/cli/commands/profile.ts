import type { Command } from 'commander';
import { FlagProblems } from '../flag-values.js';
import { registerProfileSyncCommand } from './profile-sync.js';
import { addPolicyFlags, type PolicyFlags } from './policy-flags.js';

// `profile lint` and `profile fix`: flags declared and parsed here;
// src/profile/{lint,fix}/command.ts, loaded only when the command runs, do the
// work and return the exit code.
export function registerProfileCommands(program: Command): void {
  const profile = program.command('profile').description('lint, fix and maintain Jellyfin DLNA device profiles');

  const lint = profile
    .command('lint')
    .description(
      'report what Jellyfin will do with each profile: files the TV cannot play that it would send anyway, and profiles it never selects',
    )
    .argument('<path...>', 'profile files, or folders of *.xml profiles')
    .option('--format <format>', 'text, json or github (workflow annotations)', 'text');
  addPolicyFlags(lint)
    .addHelpText(
      'after',
      '\nExit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.\nExample: dlna-bridge profile lint /config/plugins/configurations/dlna/user',
    )
    .action(async (paths: string[], opts: { format: string } & PolicyFlags) => {
      const [{ LINT_FORMATS }, { policyFromOptions }] = await Promise.all([
        import('../../profile/lint/format.js'),
        import('../../device-profile/policy-options.js'),
      ]);
      const problems = new FlagProblems();
      const format = LINT_FORMATS.find((f) => f === opts.format);
      if (format === undefined) problems.add(`unknown --format '${opts.format}': use ${LINT_FORMATS.join(', ')}`);
      const policy = policyFromOptions(opts);
      if (policy.denyContainers.length + policy.denyVideoCodecs.length === 0) {
        problems.add('the policy is empty: --deny-container and --deny-codec cannot both be empty');
      }
      problems.throwIfAny();
      const { run } = await import('../../profile/lint/command.js');
      process.exitCode = await run(
        { paths, format: format!, policy },
        { stdout: process.stdout, stderr: process.stderr },
      );
    });

  const fix = profile
    .command('fix')
    .description('rewrite profiles so lint finds no errors, with a minimal diff (comments and formatting kept)')
    .argument('<file...>', 'profile files (or folders of *.xml profiles) to fix in place')
    .option('--dry-run', 'print a unified diff and write nothing')
    .option('--backup', 'keep the previous version as <file>.bak');
  addPolicyFlags(fix)
    .addHelpText(
      'after',
      '\nExit codes: 0 fixed or nothing to fix, 1 the policy still does not hold after the fix (said on stderr), 2 malformed XML (nothing written), a file changed while it ran (not written) or I/O error.\nExample: dlna-bridge profile fix --dry-run "LG Smart TV.xml"',
    )
    .action(async (paths: string[], opts: { dryRun?: boolean; backup?: boolean } & PolicyFlags) => {
      const [{ run }, { policyFromOptions }] = await Promise.all([
        import('../../profile/fix/command.js'),
        import('../../device-profile/policy-options.js'),
      ]);
      const options = {
        paths,
        policy: policyFromOptions(opts),
        dryRun: opts.dryRun === true,
        backup: opts.backup === true,
      };
      process.exitCode = await run(options, { stdout: process.stdout, stderr: process.stderr });
    });

  registerProfileSyncCommand(profile);
}
