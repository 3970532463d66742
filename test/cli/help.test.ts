// Every command's --help shows at least one example and its exit codes, and a
// command that only groups others is a usage error without a subcommand: its
// help on stderr, exit 2.
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program.js';
import { runCli } from '../helpers/cli.js';

/**
 * Commands whose help still lacks an example or exit codes, because another
 * branch adds them (the stack engineer's: src/cli/commands/stack.ts). The
 * coordinator empties this list when that branch merges; an entry whose help
 * is complete fails the test below, so the list cannot go stale.
 */
const PENDING_HELP_FROM_STACK_BRANCH: readonly string[] = [];

/** Every command of the program, root first, by its path ("" for the root, "profile lint", ...). */
function allCommands(root: Command): Array<{ path: string; command: Command }> {
  const out: Array<{ path: string; command: Command }> = [];
  const walk = (cmd: Command, names: string[]): void => {
    out.push({ path: names.join(' '), command: cmd });
    for (const sub of cmd.commands) walk(sub, [...names, sub.name()]);
  };
  walk(root, []);
  return out;
}

/** The help exactly as `--help` prints it, addHelpText('after') included. */
function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

const commands = allCommands(buildProgram());

describe('--help of every command', () => {
  it('the walk finds every command (root, groups, leaves)', () => {
    const paths = commands.map((c) => c.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '',
        'profile',
        'profile lint',
        'profile fix',
        'profile sync',
        'serve',
        'discover',
        'demo',
        'play-check',
        'gpu-check',
        'stack',
        'stack render',
        'qbt',
        'qbt relocate',
      ]),
    );
    for (const pending of PENDING_HELP_FROM_STACK_BRANCH)
      expect(paths, `pending entry "${pending}" is not a command`).toContain(pending);
  });

  it.each(commands.map((c) => [c.path || '(dlna-bridge)', c.command] as const))(
    '%s: has an example and its exit codes',
    (path, command) => {
      const help = helpOf(command);
      const complete = /Example/.test(help) && /Exit codes/.test(help);
      if (PENDING_HELP_FROM_STACK_BRANCH.includes(path)) {
        expect(
          complete,
          `"${path}" now has its example and exit codes: remove it from PENDING_HELP_FROM_STACK_BRANCH`,
        ).toBe(false);
        return;
      }
      expect(help).toMatch(/Example/);
      expect(help).toMatch(/Exit codes/);
    },
  );

  it('groups say they need a subcommand and name one to start from', () => {
    for (const { path, command } of commands.filter((c) => c.path && c.command.commands.length > 0)) {
      expect(helpOf(command)).toContain(`Example: dlna-bridge ${path} ${command.commands[0]!.name()} --help`);
    }
  });
});

describe('a missing subcommand is a usage error', () => {
  it.each([[[]], [['profile']], [['stack']], [['qbt']]])(
    'dlna-bridge %j: help on stderr, nothing on stdout, exit 2',
    async (args) => {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`Usage: dlna-bridge${args.length ? ` ${args.join(' ')}` : ''} [options] [command]`);
      expect(r.stderr).toContain('Exit codes');
    },
  );

  it('asking for help is not an error: --help and `help` print on stdout, exit 0', async () => {
    for (const args of [['stack', '--help'], ['help'], ['help', 'qbt']]) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: dlna-bridge');
      expect(r.stderr).toBe('');
    }
  });

  it('an unknown subcommand or help topic: exit 2', async () => {
    const unknown = await runCli(['profile', 'nosuch']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'nosuch'");
    const topic = await runCli(['help', 'nosuch']);
    expect(topic.code).toBe(2);
    expect(topic.stdout).toBe('');
  });
});
