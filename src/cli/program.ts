// The one entry point for the CLI and the daemon. It only wires: every command
// module registers its options here and imports its implementation lazily in
// the action, so `dlna-bridge --help` and `profile lint` start fast.
import { Command, CommanderError } from 'commander';
import { createRequire } from 'node:module';
import { EXIT_ERROR } from './exit-codes.js';
import { reportError } from './errors.js';
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
    '\nExit codes: 0 success, 1 findings or failed checks, 2 usage, I/O or parse errors\n' +
      '(also: no command given, which prints this help on stderr).\n' +
      'Every command has --help with its examples and exit codes, e.g. `dlna-bridge profile lint --help`.\n' +
      '\nExamples:\n' +
      '  dlna-bridge profile lint /config/plugins/configurations/dlna/user\n' +
      '  dlna-bridge discover --timeout 5\n' +
      '  dlna-bridge serve --lan-interface eth0 --upstream http://jellyfin.media.svc:8096',
  );
  registerProfileCommands(program);
  registerBridgeCommands(program);
  registerPlaybackCommands(program);
  registerStackCommands(program);
  registerQbtCommands(program);
  for (const group of program.commands) if (group.commands.length > 0) addGroupHelp(group);
  // Usage errors from commander exit 2, like every other error that is not a finding.
  const exitOverride = (cmd: Command): void => {
    cmd.exitOverride();
    for (const sub of cmd.commands) exitOverride(sub);
  };
  exitOverride(program);
  return program;
}

/**
 * A command that only groups others (profile, stack, qbt) does nothing by
 * itself: run without a subcommand, commander prints its help on stderr and
 * main() exits 2 (a usage error). Its help says so, and points at a subcommand.
 */
function addGroupHelp(group: Command): void {
  const first = group.commands[0]!.name();
  group.addHelpText(
    'after',
    `\nEach command's --help has its options, examples and exit codes.\n` +
      `Exit codes: those of the command run; 2 when none is given (this help, on stderr) or it is unknown.\n` +
      `Example: dlna-bridge ${group.name()} ${first} --help`,
  );
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
      // `help` asked for: 0. A missing subcommand (`dlna-bridge stack`) is help on stderr with exit code 1 to
      // commander: a usage error here.
      if (err.code === 'commander.help') return err.exitCode === 0 ? 0 : EXIT_ERROR;
      return EXIT_ERROR;
    }
    const reported = reportError(err);
    if (reported) {
      process.stderr.write(`dlna-bridge: ${reported.line}\n`);
      return reported.exitCode;
    }
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`dlna-bridge: unexpected error: ${message}\n`);
    return EXIT_ERROR;
  }
}
