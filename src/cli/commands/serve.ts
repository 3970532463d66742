import { Option, type Command } from 'commander';
import type { SettingName, SettingNames, ServeSettings } from '../../bridge/daemon/config.js';
import { runNamingFlags } from '../with-flag-names.js';

interface ServeFlag {
  flag: SettingName;
  /** Argument placeholder in --help and in advice ("give --upstream URL"). */
  arg: string;
  description: string;
  /** May be given several times; its environment variable is a comma/space list. */
  repeatable?: boolean;
}

// The variable names are the DaemonSet's contract (deploy/): DLNA_BRIDGE_<FLAG>.
const SERVE_FLAGS: readonly ServeFlag[] = [
  {
    flag: 'lan-interface',
    arg: 'IF',
    description: 'interface facing the TVs (default: the interface of the default route)',
  },
  {
    flag: 'advertise-address',
    arg: 'IP',
    description: "address the TVs are told and the proxy listens on (default: the LAN interface's IPv4)",
  },
  {
    flag: 'upstream',
    arg: 'URL',
    repeatable: true,
    description: 'a Jellyfin base URL (e.g. http://jellyfin.media:8096) or the URL of any UPnP device description',
  },
  {
    flag: 'cluster-interface',
    arg: 'IF',
    repeatable: true,
    description: 'pod-side interface (e.g. cni0): bridge every MediaServer announcing there, and follow it',
  },
  {
    flag: 'poll-interval',
    arg: 'SECONDS',
    description: 'how often each --upstream is looked at, to notice it leaving or changing (default: 10)',
  },
  {
    flag: 'kubernetes-service',
    arg: 'NS/NAME',
    description: "bridge the media server behind this Service (follows its pods' addresses)",
  },
  {
    flag: 'advertise',
    arg: 'MODE',
    description:
      '"all": every bridge announces; "leader": only the Lease holder on this LAN (default: leader with --kubernetes-service, else all)',
  },
  {
    flag: 'lease-duration',
    arg: 'SECONDS',
    description:
      'leader mode: how long a silent leader keeps the Lease; a standby takes over within this plus 2 s (default: 15)',
  },
  { flag: 'http-port', arg: 'PORT', description: 'proxy port on the advertise address (default: 8200)' },
  { flag: 'admin-address', arg: 'IP', description: 'address of /healthz, /readyz and /metrics (default: 127.0.0.1)' },
  {
    flag: 'admin-allow',
    arg: 'CIDR',
    repeatable: true,
    description:
      "source addresses that may reach /healthz, /readyz and /metrics, besides the node itself; others get 403 (default: loopback, or the node's own subnets when --admin-address is not loopback)",
  },
  {
    flag: 'admin-port',
    arg: 'PORT',
    description: 'port of /healthz, /readyz and /metrics (default: 9180; 0 turns it off)',
  },
  { flag: 'ttl', arg: 'N', description: 'multicast TTL of SSDP messages (default: 2, as UDA says)' },
  { flag: 'alive-interval', arg: 'SECONDS', description: 're-announce interval (default: random, under max-age/2)' },
  { flag: 'max-age', arg: 'SECONDS', description: 'CACHE-CONTROL max-age of announcements (default: 1800)' },
  {
    flag: 'allow-subnet',
    arg: 'CIDR',
    repeatable: true,
    description: "also answer and serve clients in this subnet (default: only the LAN interface's own subnets)",
  },
  { flag: 'log-level', arg: 'LEVEL', description: 'fatal, error, warn, info, debug, trace or silent (default: info)' },
];

/** DLNA_BRIDGE_LAN_INTERFACE for "lan-interface". */
export function envName(flag: string): string {
  return `DLNA_BRIDGE_${flag.toUpperCase().replace(/-/g, '_')}`;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `dlna-bridge serve`: the daemon. Each flag also reads DLNA_BRIDGE_<FLAG> when absent (commander's .env()). */
export function registerServeCommand(program: Command): void {
  const cmd = program
    .command('serve')
    .description('run the bridge: announce upstream media servers on the LAN (SSDP) and proxy their HTTP');
  for (const f of SERVE_FLAGS) {
    const option = new Option(`--${f.flag} <${f.arg}>`, `${f.description}${f.repeatable ? '; repeatable' : ''}`).env(
      envName(f.flag),
    );
    cmd.addOption(f.repeatable ? option.argParser(collect) : option);
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
  cmd.action(async (_options: unknown, command: Command) => {
    const { run } = await import('../../bridge/daemon/command.js');
    // The daemon's errors name no command: the CLI says which one failed.
    await runNamingFlags(
      (code) => (code.startsWith('BRIDGE_') ? 'serve' : undefined),
      () => run(serveSettings(command), { stdout: process.stdout, stderr: process.stderr, env: process.env }),
    );
  });
}

/**
 * What the parsed `serve` command holds, as the daemon's settings: commander
 * already chose flag over variable; here an empty variable counts as unset (so
 * a manifest can blank one out) and a list variable is split on commas and
 * spaces. Every problem is named the way the user gave the value.
 */
export function serveSettings(command: Command): ServeSettings {
  const values: ServeSettings['values'] = {};
  const fromEnv = new Set<SettingName>();
  for (const f of SERVE_FLAGS) {
    const key = attributeName(f.flag);
    const value = command.getOptionValue(key) as string | string[] | undefined;
    if (value === undefined) continue;
    if (command.getOptionValueSource(key) === 'env') {
      const text = Array.isArray(value) ? value.join(',') : value;
      if (text.trim() === '') continue;
      fromEnv.add(f.flag);
      values[f.flag] = f.repeatable ? text.split(/[\s,]+/).filter(Boolean) : text.trim();
    } else values[f.flag] = value;
  }
  return { values, names: settingNames(fromEnv) };
}

function settingNames(fromEnv: ReadonlySet<SettingName>): SettingNames {
  const arg = (s: SettingName): string => SERVE_FLAGS.find((f) => f.flag === s)?.arg ?? 'VALUE';
  return {
    givenAs: (s) => (fromEnv.has(s) ? envName(s) : `--${s}`),
    name: (s) => `--${s}`,
    ask: (s) => `--${s} ${arg(s)}`,
    orElse: (s) => (s.length === 1 ? ` (or ${envName(s[0]!)})` : ' (or their DLNA_BRIDGE_* variables)'),
  };
}

/** commander's attribute name for a flag: "lan-interface" -> "lanInterface". */
function attributeName(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
