// The flags of `dlna-bridge serve`, declared once: the CLI registers them from
// this table and the config reads each one from the command line or, when the
// flag is absent, from the environment variable DLNA_BRIDGE_<FLAG> (the names
// are the contract and the DaemonSet's: keep them). Pure data.

export interface ServeOption {
  /** Long flag name without dashes, e.g. "lan-interface". */
  flag: string;
  /** Argument placeholder in --help. */
  arg: string;
  description: string;
  /** May be given several times; the environment variable is a comma/space list. */
  repeatable?: boolean;
}

export const SERVE_OPTIONS: readonly ServeOption[] = [
  { flag: 'lan-interface', arg: 'IF', description: 'interface facing the TVs (default: the interface of the default route)' },
  { flag: 'advertise-address', arg: 'IP', description: "address the TVs are told and the proxy listens on (default: the LAN interface's IPv4)" },
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
  { flag: 'kubernetes-service', arg: 'NS/NAME', description: "bridge the media server behind this Service (follows its pods' addresses)" },
  { flag: 'advertise', arg: 'MODE', description: '"all": every bridge announces; "leader": only the Lease holder on this LAN (default: leader with --kubernetes-service, else all)' },
  {
    flag: 'lease-duration',
    arg: 'SECONDS',
    description: 'leader mode: how long a silent leader keeps the Lease; a standby takes over within this plus 2 s (default: 15)',
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
  { flag: 'admin-port', arg: 'PORT', description: 'port of /healthz, /readyz and /metrics (default: 9180; 0 turns it off)' },
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

/** commander's attribute name for a flag: "lan-interface" -> "lanInterface". */
export function attributeName(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** What the command line and the environment said, per flag, before validation. */
export type RawServeSettings = Record<string, { value: string | string[]; from: 'flag' | 'env' } | undefined>;

/**
 * Flags win over the environment, option by option (a flag given replaces the
 * whole list of its variable). Empty variables count as unset, so a manifest
 * can blank one out.
 */
export function mergeFlagsAndEnv(flags: Record<string, string | string[] | undefined>, env: NodeJS.ProcessEnv): RawServeSettings {
  const out: RawServeSettings = {};
  for (const opt of SERVE_OPTIONS) {
    const fromFlag = flags[attributeName(opt.flag)];
    if (fromFlag !== undefined && !(Array.isArray(fromFlag) && fromFlag.length === 0)) {
      out[opt.flag] = { value: fromFlag, from: 'flag' };
      continue;
    }
    const text = env[envName(opt.flag)];
    if (text === undefined || text.trim() === '') continue;
    out[opt.flag] = { value: opt.repeatable ? text.split(/[\s,]+/).filter(Boolean) : text.trim(), from: 'env' };
  }
  return out;
}
