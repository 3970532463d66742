import type { Command } from 'commander';

/** `dlna-bridge discover`: the TV simulator. */
export function registerDiscoverCommand(program: Command): void {
  program
    .command('discover')
    .description('search the network like a TV would and show every media server found, and whether its LOCATION is usable from here')
    .option('--interface <IF>', 'network interface to search on (default: the interface of the default route)')
    .option('--timeout <S>', 'seconds to listen for answers and announcements (1-60)', '3')
    .option('--st <TARGET>', 'search target: ssdp:all, upnp:rootdevice, uuid:..., or a device/service URN', 'urn:schemas-upnp-org:device:MediaServer:1')
    .option('--json', 'print JSON: [{"usn","udn","location","friendlyName","modelName","reachable","error"}]')
    .addHelpText(
      'after',
      '\nSends M-SEARCH three times, records NOTIFY announcements heard meanwhile (UDP 1900, shared),\n' +
        'then fetches each LOCATION (at most 256 KiB, a few seconds) and parses the device description.\n' +
        '\nExit codes: 0 at least one server found and every LOCATION usable; 1 no server found, or a server\n' +
        'whose LOCATION cannot be fetched or parsed from here (what a TV would trip over); 2 usage or socket error.\n' +
        '\nExample: dlna-bridge discover --interface eth0 --timeout 5',
    )
    .action(async (options: { interface?: string; timeout?: string; st?: string; json?: boolean }) => {
      const { runDiscover } = await import('../../discover/run.js');
      process.exitCode = await runDiscover(options);
    });
}
