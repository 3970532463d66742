// `serve`'s settings, validated as a whole: every problem is reported at once,
// each naming the setting as the user gave it (the CLI says how: a flag or an
// environment variable; this file knows neither), so a DaemonSet that fails to
// start says what to fix. Pure: the host's interfaces come in through
// HostNetwork, so tests need no real network.
import { isIPv4 } from 'node:net';
import { parseCidr, type Cidr } from '../../net/cidr.js';
import type { Ipv4Interface } from '../../net/interfaces.js';
import { adminAccess, type AdminAllowOrigin } from '../admin/admin-access.js';
import { parseUpstreamUrl } from '../sources/upstream-url.js';
import { DlnaBridgeError } from '../../util/errors.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type AdvertiseMode = 'all' | 'leader';

export interface DaemonConfig {
  lan: Ipv4Interface;
  advertiseAddress: string;
  upstreams: URL[];
  /** Seconds between looks at each --upstream. */
  pollIntervalS: number;
  clusterInterfaces: string[];
  kubernetesService?: { namespace: string; name: string };
  advertise: AdvertiseMode;
  /** Leader mode: seconds a leader that stopped renewing keeps the Lease. */
  leaseDurationS: number;
  httpPort: number;
  /** undefined when --admin-port 0 turned the admin server off. */
  admin?: {
    address: string;
    port: number;
    /** Source addresses that may use it (--admin-allow, or the default for the address: admin-access.ts). */
    allow: Cidr[];
    allowFrom: AdminAllowOrigin;
  };
  ttl: number;
  maxAgeS: number;
  /** undefined: the engine picks a random interval under max-age/2 each round. */
  aliveIntervalS?: number;
  /** Who may search and fetch: the LAN interface's subnets plus these. */
  allowSubnets: Cidr[];
  logLevel: LogLevel;
}

export const DEFAULTS = {
  httpPort: 8200,
  adminAddress: '127.0.0.1',
  adminPort: 9180,
  ttl: 2,
  maxAgeS: 1800,
  pollIntervalS: 10,
  logLevel: 'info' as LogLevel,
  advertise: 'all' as AdvertiseMode,
  leaseDurationS: 15,
};

/** The host's network, as the config needs it (the real one reads /proc and os.networkInterfaces()). */
export interface HostNetwork {
  defaultRouteInterface(): string | undefined;
  /** Throws with a user-facing message when the interface is missing or has no IPv4. */
  ipv4Interface(name: string): Ipv4Interface;
  /** Every IPv4 subnet of the host (the default --admin-allow of a non-loopback admin address); none when absent. */
  ipv4Subnets?(): Cidr[];
  /** Every IPv4 address of the host (always allowed to reach the admin server); none when absent. */
  ipv4Addresses?(): string[];
}

/** Every setting of the daemon, by the name the CLI gives its flag and variable. */
export type SettingName =
  | 'lan-interface'
  | 'advertise-address'
  | 'upstream'
  | 'cluster-interface'
  | 'poll-interval'
  | 'kubernetes-service'
  | 'advertise'
  | 'lease-duration'
  | 'http-port'
  | 'admin-address'
  | 'admin-allow'
  | 'admin-port'
  | 'ttl'
  | 'alive-interval'
  | 'max-age'
  | 'allow-subnet'
  | 'log-level';

/** How problems name settings: the caller knows whether they came from flags or variables. */
export interface SettingNames {
  /** A setting that was given, as the user gave it: `--http-port` or `DLNA_BRIDGE_HTTP_PORT`. */
  givenAs(setting: SettingName): string;
  /** A setting in advice: `--admin-port`. */
  name(setting: SettingName): string;
  /** Advice to give an absent setting, with what it takes: `--upstream URL`. */
  ask(setting: SettingName): string;
  /** Said after advice naming absent settings, when there is another way to give them: ` (or DLNA_BRIDGE_UPSTREAM)`. */
  orElse(settings: SettingName[]): string;
}

/** The settings as given, before validation; lists for the repeatable ones. */
export interface ServeSettings {
  values: Partial<Record<SettingName, string | string[]>>;
  names: SettingNames;
}

export class ConfigError extends DlnaBridgeError {
  readonly code = 'BRIDGE_CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0]! : `invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/** Linux IFNAMSIZ is 16 including the NUL; no slash, no whitespace. */
const IFNAME = /^[^\s/:]{1,15}$/;
/** RFC 1123 labels, as Kubernetes names namespaces and Services. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function parseDaemonConfig(settings: ServeSettings, host: HostNetwork): DaemonConfig {
  const problems: string[] = [];
  const { values, names } = settings;
  const where = names.givenAs;
  const single = (flag: SettingName): string | undefined => {
    const s = values[flag];
    if (s === undefined) return undefined;
    return Array.isArray(s) ? s[s.length - 1] : s;
  };
  const list = (flag: SettingName): string[] => {
    const s = values[flag];
    if (s === undefined) return [];
    return Array.isArray(s) ? s : [s];
  };
  const integer = (
    flag: SettingName,
    min: number,
    max: number,
    fallback: number | undefined,
    unit = '',
  ): number | undefined => {
    const text = single(flag);
    if (text === undefined) return fallback;
    const n = /^\d+$/.test(text.trim()) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      problems.push(`${where(flag)} ${JSON.stringify(text)}: expected a whole number from ${min} to ${max}${unit}`);
      return fallback;
    }
    return n;
  };

  // Where the TVs are.
  let lan: Ipv4Interface | undefined;
  const lanName = single('lan-interface') ?? host.defaultRouteInterface();
  if (lanName === undefined) {
    problems.push(
      `no default route to pick the LAN interface from; name it with ${names.ask('lan-interface')}${names.orElse(['lan-interface'])}`,
    );
  } else if (!IFNAME.test(lanName)) {
    problems.push(`${where('lan-interface')} ${JSON.stringify(lanName)} is not an interface name`);
  } else {
    try {
      lan = host.ipv4Interface(lanName);
    } catch (err) {
      problems.push(`LAN interface: ${(err as Error).message}`);
    }
  }

  let advertiseAddress = single('advertise-address');
  if (advertiseAddress !== undefined) {
    if (!isIPv4(advertiseAddress))
      problems.push(`${where('advertise-address')} ${JSON.stringify(advertiseAddress)} is not an IPv4 address`);
    else if (lan && !lan.addresses.includes(advertiseAddress)) {
      // The proxy listens on it and LOCATION names it: an address the host does not have reaches nobody.
      problems.push(
        `${where('advertise-address')} ${advertiseAddress} is not an address of ${lan.name} (it has ${lan.addresses.join(', ')})`,
      );
    }
  } else advertiseAddress = lan?.address;

  // What to bridge.
  const upstreams: URL[] = [];
  for (const text of list('upstream')) {
    try {
      upstreams.push(parseUpstreamUrl(text));
    } catch (err) {
      problems.push(`${where('upstream')} ${(err as Error).message}`);
    }
  }
  const pollIntervalS = integer('poll-interval', 1, 3600, DEFAULTS.pollIntervalS, ' seconds')!;
  const clusterInterfaces = [...new Set(list('cluster-interface'))];
  for (const name of clusterInterfaces) {
    if (!IFNAME.test(name))
      problems.push(`${where('cluster-interface')} ${JSON.stringify(name)} is not an interface name`);
    // Bridging the LAN to itself would re-announce every LAN server under our address.
    else if (name === lanName)
      problems.push(`${where('cluster-interface')} ${name} is the LAN interface; name the pod-side one (e.g. cni0)`);
  }
  let kubernetesService: DaemonConfig['kubernetesService'];
  const svc = single('kubernetes-service');
  if (svc !== undefined) {
    const [namespace, name, extra] = svc.split('/');
    if (extra !== undefined || !namespace || !name || !DNS_LABEL.test(namespace) || !DNS_LABEL.test(name)) {
      problems.push(
        `${where('kubernetes-service')} ${JSON.stringify(svc)}: expected NAMESPACE/NAME, e.g. media/jellyfin`,
      );
    } else kubernetesService = { namespace, name };
  }
  if (list('upstream').length === 0 && clusterInterfaces.length === 0 && svc === undefined) {
    const sources: SettingName[] = ['upstream', 'cluster-interface', 'kubernetes-service'];
    problems.push(
      `nothing to bridge: give ${names.ask('upstream')}, ${names.ask('cluster-interface')} or ${names.ask('kubernetes-service')}${names.orElse(sources)}`,
    );
  }
  // In a cluster (a Service to follow) several bridges share one LAN: only the
  // Lease holder announces, so TVs never see the server twice. Outside a
  // cluster there is nobody to elect, so every bridge announces.
  const advertiseText = single('advertise') ?? (kubernetesService ? 'leader' : DEFAULTS.advertise);
  if (advertiseText !== 'all' && advertiseText !== 'leader')
    problems.push(`${where('advertise')} ${JSON.stringify(advertiseText)}: expected "all" or "leader"`);
  else if (advertiseText === 'leader' && !kubernetesService) {
    // The Lease lives in the Service's namespace; without a cluster there is no one to elect.
    problems.push(
      `${where('advertise')} leader needs ${names.ask('kubernetes-service')} (the Lease is kept in that namespace)`,
    );
  }

  // 3 s is the least that leaves room for a renew (every third of it) and a retry.
  const leaseDurationS = integer('lease-duration', 3, 3600, DEFAULTS.leaseDurationS, ' seconds')!;

  // Ports and addresses.
  const httpPort = integer('http-port', 1, 65535, DEFAULTS.httpPort)!;
  const adminPort = integer('admin-port', 0, 65535, DEFAULTS.adminPort)!;
  const adminAddress = single('admin-address') ?? DEFAULTS.adminAddress;
  if (!isIPv4(adminAddress))
    problems.push(`${where('admin-address')} ${JSON.stringify(adminAddress)} is not an IPv4 address`);
  const adminAllow: Cidr[] = [];
  for (const text of list('admin-allow')) {
    try {
      adminAllow.push(parseCidr(text));
    } catch {
      problems.push(`${where('admin-allow')} ${JSON.stringify(text)} is not an IPv4 CIDR (e.g. 10.42.0.0/16)`);
    }
  }
  if (adminPort === httpPort && (adminAddress === advertiseAddress || adminAddress === '0.0.0.0')) {
    problems.push(
      `the admin server and the proxy cannot both listen on ${adminAddress}:${httpPort}; change ${names.name('admin-port')} or ${names.name('http-port')}`,
    );
  }

  // SSDP timing (UDA 1.1 §1.2.2: max-age at least 1800 s; re-announce before half of it).
  const ttl = integer('ttl', 1, 255, DEFAULTS.ttl)!;
  const maxAgeS = integer('max-age', 1800, 86400, DEFAULTS.maxAgeS, ' seconds (UDA: at least 1800)')!;
  const aliveIntervalS = integer('alive-interval', 1, 86400, undefined, ' seconds');
  if (aliveIntervalS !== undefined && aliveIntervalS >= maxAgeS / 2) {
    problems.push(
      `${where('alive-interval')} ${aliveIntervalS}: must be below half of max-age (${maxAgeS / 2} s), or TVs drop the server between announcements`,
    );
  }

  const allowSubnets: Cidr[] = [];
  for (const text of list('allow-subnet')) {
    try {
      allowSubnets.push(parseCidr(text));
    } catch {
      problems.push(`${where('allow-subnet')} ${JSON.stringify(text)} is not an IPv4 CIDR (e.g. 192.168.10.0/24)`);
    }
  }
  const level = single('log-level') ?? DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    problems.push(`${where('log-level')} ${JSON.stringify(level)}: expected one of ${LOG_LEVELS.join(', ')}`);

  if (problems.length > 0 || !lan || !advertiseAddress) throw new ConfigError(problems);
  return {
    lan,
    advertiseAddress,
    upstreams,
    pollIntervalS,
    clusterInterfaces,
    ...(kubernetesService ? { kubernetesService } : {}),
    advertise: advertiseText as AdvertiseMode,
    leaseDurationS,
    httpPort,
    ...(adminPort === 0 ? {} : { admin: adminSettings(adminAddress, adminPort, adminAllow, host) }),
    ttl,
    maxAgeS,
    ...(aliveIntervalS !== undefined ? { aliveIntervalS } : {}),
    allowSubnets,
    logLevel: level as LogLevel,
  };
}

function adminSettings(
  address: string,
  port: number,
  given: Cidr[],
  host: HostNetwork,
): NonNullable<DaemonConfig['admin']> {
  const access = adminAccess(
    address,
    given,
    given.length > 0 ? [] : (host.ipv4Subnets?.() ?? []),
    host.ipv4Addresses?.() ?? [],
  );
  return { address, port, allow: access.allow, allowFrom: access.from };
}
