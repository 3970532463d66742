import type { Command } from 'commander';

/** `dlna-bridge demo`: the whole story on a built-in network of namespaces (root). */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('show, on this machine, a TV that cannot see a pod-network media server, then finds, browses and plays it through the bridge (needs root)')
    .addHelpText(
      'after',
      '\nCreates network namespaces named dlnademo-<pid>-* (pod: minidlna with generated clips; node: the bridge;\n' +
        'lan + tv: the TV), narrates each step, and removes everything on exit, Ctrl-C or a crash; leftovers of\n' +
        'an earlier demo are removed at start. Needs ip (iproute2), minidlnad, ffmpeg/ffprobe and curl.\n' +
        '\nExit codes: 0 every step behaved as expected, 1 a step did not, 2 not root or a tool is missing.\n' +
        'Example: sudo npm run demo',
    )
    .action(async () => {
      const { runDemo } = await import('../../demo/demo.js');
      process.exitCode = await runDemo();
    });
}
