// The one entry point for the CLI and the daemon. It only wires: every command
// module registers its options here and imports its implementation lazily in
// the action, so `dlna-bridge --help` and `profile lint` start fast.
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { CliError, EXIT_ERROR } from './exit-codes.js';
import { registerProfileCommands } from './commands/profile.js';
import { registerBridgeCommands } from './commands/bridge.js';
import { registerPlaybackCommands } from './commands/playback.js';
import { registerStackCommands } from './commands/stack.js';
import { registerQbtCommands } from './commands/qbt.js';

const require = createRequire(import.meta.url);
const { version } = require('../../package.json') as { version: string };

export function buildProgram(): Command {
  const program = new Command('dlna-bridge')
    .description(
      'Bring a Jellyfin (or any DLNA) server on Kubernetes to the TVs on your LAN,\n' +
        'and keep its DLNA profiles from handing TVs formats they cannot decode.',
    )
    .version(version, '-V, --version', 'print the version and exit')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false });
  program.addHelpText(
    'after',
    '\nExit codes: 0 success, 1 findings or failed checks, 2 usage, I/O or parse errors.\n' +
      'Every command has --help, e.g. `dlna-bridge profile lint --help`.',
  );
  registerProfileCommands(program);
  registerBridgeCommands(program);
  registerPlaybackCommands(program);
  registerStackCommands(program);
  registerQbtCommands(program);
  // Usage errors from commander exit 2, like every other error that is not a finding.
  const exitOverride = (cmd: Command): void => {
    cmd.exitOverride();
    for (const sub of cmd.commands) exitOverride(sub);
  };
  exitOverride(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are "errors" to commander; they already printed.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return 0;
      return EXIT_ERROR;
    }
    if (err instanceof CliError) {
      process.stderr.write(`dlna-bridge: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`dlna-bridge: unexpected error: ${message}\n`);
    return EXIT_ERROR;
  }
}
