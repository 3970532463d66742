import type { Command } from 'commander';
import { envName, SERVE_OPTIONS } from '../../bridge/daemon/options.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `dlna-bridge serve`: the daemon. Each flag also reads DLNA_BRIDGE_<FLAG> when absent. */
export function registerServeCommand(program: Command): void {
  const cmd = program
    .command('serve')
    .description('run the bridge: announce upstream media servers on the LAN (SSDP) and proxy their HTTP');
  for (const opt of SERVE_OPTIONS) {
    const flags = `--${opt.flag} <${opt.arg}>`;
    const description = `${opt.description}${opt.repeatable ? '; repeatable' : ''} [env ${envName(opt.flag)}]`;
    if (opt.repeatable) cmd.option(flags, description, collect);
    else cmd.option(flags, description);
  }
  cmd.addHelpText(
    'after',
    '\nEach flag may instead come from its environment variable (lists: comma or space separated); flags win.\n' +
      'SIGTERM/SIGINT: byebye on the LAN, then exit 0.\n' +
      '\nExit codes: 0 stopped by SIGTERM/SIGINT; 2 a bad flag or environment value, a LAN interface or port it\n' +
      'cannot use, a crash, or a stop that outlasted its deadline; 130 a second signal while stopping.\n' +
      '\nExamples:\n' +
      '  dlna-bridge serve --lan-interface eth0 --upstream http://jellyfin.media.svc:8096\n' +
      '  DLNA_BRIDGE_LAN_INTERFACE=eth0 DLNA_BRIDGE_UPSTREAM=http://192.0.2.20:8096 dlna-bridge serve',
  );
  cmd.action(async (options: Record<string, string | string[] | undefined>) => {
    const { runServe, loadConfig } = await import('../../bridge/daemon/run.js');
    // --kubernetes-service: no cluster configured, or one that does not answer, is one line and exit 2.
    if (loadConfig(options, process.env).kubernetesService) {
      const { requireServeCluster } = await import('../../k8s/preflight.js');
      await requireServeCluster();
    }
    process.exitCode = await runServe(options);
  });
}
