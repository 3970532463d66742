import type { Command } from 'commander';
import { FlagProblems } from '../flag-values.js';
import { flagTable, runNamingFlags } from '../with-flag-names.js';

const DEFAULT_SEARCH_TARGET = 'urn:schemas-upnp-org:device:MediaServer:1';
const SEARCH_TARGET = /^(ssdp:all|upnp:rootdevice|uuid:\S+|urn:[^:\s]+:(device|service):[^:\s]+:\d+)$/;

interface DiscoverFlags {
  interface?: string;
  timeout: string;
  st: string;
  json?: boolean;
}

/** `dlna-bridge discover`: the TV simulator. */
export function registerDiscoverCommand(program: Command): void {
  program
    .command('discover')
    .description(
      'search the network like a TV would and show every media server found, and whether its LOCATION is usable from here',
    )
    .option('--interface <IF>', 'network interface to search on (default: the interface of the default route)')
    .option('--timeout <S>', 'seconds to listen for answers and announcements (1-60)', '3')
    .option(
      '--st <TARGET>',
      'search target: ssdp:all, upnp:rootdevice, uuid:..., or a device/service URN',
      DEFAULT_SEARCH_TARGET,
    )
    .option('--json', 'print JSON: [{"usn","udn","location","friendlyName","modelName","reachable","error"}]')
    .addHelpText(
      'after',
      '\nSends M-SEARCH three times, records NOTIFY announcements heard meanwhile (UDP 1900, shared),\n' +
        'then fetches each LOCATION (at most 256 KiB, a few seconds) and parses the device description.\n' +
        '\nExit codes: 0 at least one server found and every LOCATION usable; 1 no server found, or a server\n' +
        'whose LOCATION cannot be fetched or parsed from here (what a TV would trip over); 2 usage or socket error.\n' +
        '\nExample: dlna-bridge discover --interface eth0 --timeout 5',
    )
    .action(async (flags: DiscoverFlags) => {
      const problems = new FlagProblems();
      const timeoutS = Number(flags.timeout);
      if (!Number.isFinite(timeoutS) || timeoutS < 1 || timeoutS > 60)
        problems.add(`--timeout ${JSON.stringify(flags.timeout)}: expected seconds between 1 and 60`);
      if (!SEARCH_TARGET.test(flags.st)) {
        problems.add(
          `--st ${JSON.stringify(flags.st)}: expected ssdp:all, upnp:rootdevice, uuid:..., or urn:domain:device|service:type:version`,
        );
      }
      problems.throwIfAny();
      const { run } = await import('../../discover/command.js');
      const options = {
        ...(flags.interface !== undefined ? { interfaceName: flags.interface } : {}),
        timeoutS,
        st: flags.st,
        json: flags.json === true,
      };
      await runNamingFlags(flagTable({ DISCOVER_INTERFACE_UNUSABLE: '--interface' }), () =>
        run(options, { stdout: process.stdout, stderr: process.stderr, env: process.env }),
      );
    });
}
