// The `discover` command's body: options -> discover() -> output and exit code.
import { CliError, EXIT_ERROR, EXIT_FINDINGS, EXIT_OK } from '../cli/exit-codes.js';
import { InterfaceError, resolveInterface } from '../net/interfaces.js';
import { discover } from './discover.js';
import { toJson, toText } from './format.js';

export interface DiscoverCliOptions {
  interface?: string;
  timeout?: string;
  st?: string;
  json?: boolean;
}

export const DEFAULT_SEARCH_TARGET = 'urn:schemas-upnp-org:device:MediaServer:1';

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return 3;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 1 || n > 60) throw new CliError(`--timeout ${JSON.stringify(text)}: expected seconds between 1 and 60`, EXIT_ERROR);
  return n;
}

function parseSearchTarget(text: string | undefined): string {
  const st = text ?? DEFAULT_SEARCH_TARGET;
  if (!/^(ssdp:all|upnp:rootdevice|uuid:\S+|urn:[^:\s]+:(device|service):[^:\s]+:\d+)$/.test(st)) {
    throw new CliError(`--st ${JSON.stringify(st)}: expected ssdp:all, upnp:rootdevice, uuid:..., or urn:domain:device|service:type:version`, EXIT_ERROR);
  }
  return st;
}

/** Returns the exit code: 0 all found servers usable, 1 none found or one unusable, 2 error. */
export async function runDiscover(options: DiscoverCliOptions, out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const timeoutS = parseTimeout(options.timeout);
  const st = parseSearchTarget(options.st);
  let iface;
  try {
    iface = resolveInterface(options.interface);
  } catch (e) {
    if (e instanceof InterfaceError) throw new CliError(e.message, EXIT_ERROR);
    throw e;
  }
  let result;
  try {
    result = await discover({ iface, st, timeoutMs: timeoutS * 1000 });
  } catch (e) {
    throw new CliError((e as Error).message, EXIT_ERROR);
  }
  if (result.listenFailed) err.write(`dlna-bridge: warning: could not listen on UDP 1900 on ${iface.name}; only search answers were recorded, not announcements\n`);
  out.write(options.json ? toJson(result.servers) : toText(result.servers, { interfaceName: iface.name, st, timeoutS }));
  if (result.servers.length === 0) return EXIT_FINDINGS;
  return result.servers.every((s) => s.reachable && !s.error) ? EXIT_OK : EXIT_FINDINGS;
}
