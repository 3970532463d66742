import type { Command } from 'commander';
import { CliError, EXIT_ERROR } from '../exit-codes.js';
import { runNamingFlags } from '../with-flag-names.js';
import type { CommandIo } from '../../util/command-io.js';

/**
 * The demo is built by tsconfig.extras.json, not by the product build the
 * image runs (tsconfig.json): the specifier is a variable so that neither tsc
 * nor a bundler pulls it into the product, and the type is written here for
 * the same reason.
 */
const DEMO_MODULE = '../../demo/command.js';
interface DemoCommand {
  run(options: Record<string, never>, io: Pick<CommandIo, 'stdout'>): Promise<number>;
}

/** `dlna-bridge demo`: the whole story on a built-in network of namespaces (root). */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'show, on this machine, a TV that cannot see a pod-network media server, then finds, browses and plays it through the bridge (needs root)',
    )
    .addHelpText(
      'after',
      '\nCreates network namespaces named dlnademo-<pid>-* (pod: minidlna with generated clips; node: the bridge;\n' +
        'lan + tv: the TV), narrates each step, and removes everything on exit, Ctrl-C or a crash; leftovers of\n' +
        'an earlier demo are removed at start. Needs ip (iproute2), minidlnad, ffmpeg/ffprobe and curl.\n' +
        'It comes with the npm package, not with the container image.\n' +
        '\nExit codes: 0 every step behaved as expected, 1 a step did not, 2 not root, a tool is missing, or\n' +
        'this is the container image (no demo in it).\n' +
        'Example: sudo npm run demo',
    )
    .action(async () => {
      const { run } = await loadDemo();
      await runNamingFlags(
        (code) => (code.startsWith('DEMO_') ? 'demo' : undefined),
        () => run({}, { stdout: process.stdout }),
      );
    });
}

async function loadDemo(): Promise<DemoCommand> {
  const url = new URL(DEMO_MODULE, import.meta.url);
  try {
    return (await import(url.href)) as DemoCommand;
  } catch (err) {
    const e = err as { code?: string; url?: string; message?: string };
    // Only the demo module itself missing means "not in this build"; a file missing inside it is a broken install.
    if (e.code === 'ERR_MODULE_NOT_FOUND' && (e.url === url.href || e.message?.includes(`'${url.pathname}'`))) {
      throw new CliError(
        'demo: not in this build: the container image ships the bridge only; run the demo from the npm package (sudo npm run demo)',
        EXIT_ERROR,
      );
    }
    throw err;
  }
}
