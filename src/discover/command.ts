// `dlna-bridge discover` as one command: search on one interface, print what
// was found, and say with the exit code whether a TV here could use it:
// 0 every server found is usable, 1 none found or one is not. An interface or
// socket it cannot use is thrown (DiscoverInterfaceError, DiscoverSocketError).
import { defaultRouteInterface, InterfaceError, ipv4Interface, type Ipv4Interface } from '../net/interfaces.js';
import { writeText, type CommandIo } from '../util/command-io.js';
import { discover } from './discover.js';
import { DiscoverInterfaceError } from './errors.js';
import { toJson, toText } from './format.js';
import { EXIT_FINDINGS, EXIT_OK } from '../util/exit-codes.js';

export interface DiscoverCommandOptions {
  /** Default: the interface of the default route. */
  interfaceName?: string;
  timeoutS: number;
  /** Search target, already checked by the caller. */
  st: string;
  json: boolean;
}

export async function run(options: DiscoverCommandOptions, io: CommandIo): Promise<number> {
  const iface = searchInterface(options.interfaceName);
  const result = await discover({ iface, st: options.st, timeoutMs: options.timeoutS * 1000 });
  if (result.listenFailed) {
    await writeText(
      io.stderr,
      `dlna-bridge: warning: could not listen on UDP 1900 on ${iface.name}; only search answers were recorded, not announcements\n`,
    );
  }
  await writeText(
    io.stdout,
    options.json
      ? toJson(result.servers)
      : toText(result.servers, { interfaceName: iface.name, st: options.st, timeoutS: options.timeoutS }),
  );
  if (result.servers.length === 0) return EXIT_FINDINGS;
  return result.servers.every((s) => s.reachable && !s.error) ? EXIT_OK : EXIT_FINDINGS;
}

function searchInterface(name: string | undefined): Ipv4Interface {
  const chosen = name ?? defaultRouteInterface();
  if (chosen === undefined) throw new DiscoverInterfaceError('no default route to pick the interface from; name one');
  try {
    return ipv4Interface(chosen);
  } catch (err) {
    if (err instanceof InterfaceError) throw new DiscoverInterfaceError(err.message, { cause: err });
    throw err;
  }
}
