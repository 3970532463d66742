import type { Command } from 'commander';
import { registerProfileSyncCommand } from './profile-sync.js';
import { addPolicyFlags, type PolicyFlags } from './policy-flags.js';

// `profile lint` and `profile fix`. Implementations load lazily in the actions
// so `--help` and cold start stay fast.
export function registerProfileCommands(program: Command): void {
  const profile = program.command('profile').description('lint, fix and maintain Jellyfin DLNA device profiles');

  const lint = profile
    .command('lint')
    .description("report what Jellyfin will do with each profile: files the TV cannot play that it would send anyway, and profiles it never selects")
    .argument('<path...>', 'profile files, or folders of *.xml profiles')
    .option('--format <format>', 'text, json or github (workflow annotations)', 'text');
  addPolicyFlags(lint)
    .addHelpText('after', '\nExit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.\nExample: dlna-bridge profile lint /config/plugins/configurations/dlna/user')
    .action(async (paths: string[], opts: { format: string } & PolicyFlags) => {
      const { runLintCommand } = await import('../../profile/lint/cli.js');
      process.exitCode = await runLintCommand(paths, opts);
    });

  const fix = profile
    .command('fix')
    .description('rewrite profiles so lint finds no errors, with a minimal diff (comments and formatting kept)')
    .argument('<file...>', 'profile files (or folders of *.xml profiles) to fix in place')
    .option('--dry-run', 'print a unified diff and write nothing')
    .option('--backup', 'keep the previous version as <file>.bak');
  addPolicyFlags(fix)
    .addHelpText('after', '\nExit codes: 0 fixed or nothing to fix, 1 the policy still does not hold after the fix (said on stderr), 2 malformed XML (nothing written), a file changed while it ran (not written) or I/O error.\nExample: dlna-bridge profile fix --dry-run "LG Smart TV.xml"')
    .action(async (files: string[], opts: { dryRun?: boolean; backup?: boolean } & PolicyFlags) => {
      const { runFixCommand } = await import('../../profile/fix/cli.js');
      process.exitCode = await runFixCommand(files, opts);
    });

  registerProfileSyncCommand(profile);
}
