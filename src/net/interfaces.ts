// Which interface faces the LAN and what its addresses and subnets are: the
// default-route interface (from /proc/net/route) and an interface's IPv4 data
// (from os.networkInterfaces()). Parsing is pure; the readers are thin.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { cidrFromNetmask, type Cidr } from './cidr.js';

export interface Ipv4Interface {
  name: string;
  /** The first IPv4 address: what the bridge advertises and sends from. */
  address: string;
  /** Every IPv4 address of the interface. */
  addresses: string[];
  /** The on-link subnets of those addresses: who counts as "on the LAN". */
  subnets: Cidr[];
}

export class InterfaceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InterfaceError';
  }
}

const RTF_UP = 0x1;

/**
 * The interface of the default IPv4 route in /proc/net/route text (lowest
 * metric wins), or undefined when there is none.
 */
export function parseDefaultRouteInterface(procNetRoute: string): string | undefined {
  let best: { iface: string; metric: number } | undefined;
  for (const line of procNetRoute.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [iface, destination, , flags, , , metric, mask] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    if (destination !== '00000000' || mask !== '00000000') continue;
    if ((parseInt(flags, 16) & RTF_UP) === 0) continue;
    const m = Number(metric);
    if (!best || m < best.metric) best = { iface, metric: m };
  }
  return best?.iface;
}

type InterfaceTable = NodeJS.Dict<os.NetworkInterfaceInfo[]>;

/** IPv4 data of interface `name` from an os.networkInterfaces() table. */
export function ipv4InterfaceFrom(table: InterfaceTable, name: string): Ipv4Interface {
  const infos = table[name];
  if (!infos) {
    const known = Object.keys(table).join(', ') || 'none';
    throw new InterfaceError(`no network interface named ${name} (have: ${known})`);
  }
  const v4 = infos.filter((i) => i.family === 'IPv4');
  if (v4.length === 0) throw new InterfaceError(`interface ${name} has no IPv4 address`);
  return {
    name,
    address: v4[0]!.address,
    addresses: v4.map((i) => i.address),
    subnets: v4.map((i) => cidrFromNetmask(i.address, i.netmask)),
  };
}

/** All IPv4 addresses of this host (to recognise our own packets). */
export function allIpv4AddressesFrom(table: InterfaceTable): string[] {
  return Object.values(table).flatMap((infos) =>
    (infos ?? []).filter((i) => i.family === 'IPv4').map((i) => i.address),
  );
}

/** The on-link IPv4 subnets of every interface of this host (loopback included). */
export function allIpv4SubnetsFrom(table: InterfaceTable): Cidr[] {
  const seen = new Map<string, Cidr>();
  for (const infos of Object.values(table)) {
    for (const i of infos ?? []) {
      if (i.family !== 'IPv4') continue;
      const cidr = cidrFromNetmask(i.address, i.netmask);
      seen.set(cidr.text, cidr);
    }
  }
  return [...seen.values()];
}

// ------------------------------------------------------------------ readers

export function defaultRouteInterface(routeFile = '/proc/net/route'): string | undefined {
  try {
    return parseDefaultRouteInterface(readFileSync(routeFile, 'utf8'));
  } catch {
    return undefined;
  }
}

export function ipv4Interface(name: string): Ipv4Interface {
  return ipv4InterfaceFrom(os.networkInterfaces(), name);
}

export function allIpv4Addresses(): string[] {
  return allIpv4AddressesFrom(os.networkInterfaces());
}

export function allIpv4Subnets(): Cidr[] {
  return allIpv4SubnetsFrom(os.networkInterfaces());
}
