// IPv4 CIDR parsing and membership: the access rule of the bridge (SSDP answers
// and HTTP proxy) is "only senders inside these subnets". Pure.
import { isIPv4 } from 'node:net';

export interface Cidr {
  network: number; // unsigned 32-bit
  prefix: number;
  text: string;
}

export function ipv4ToInt(address: string): number {
  if (!isIPv4(address)) throw new Error(`not an IPv4 address: ${address}`);
  return address.split('.').reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0);
}

export function intToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 0xff).join('.');
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Parses "a.b.c.d/n" (or a bare address as /32). Host bits are cleared. */
export function parseCidr(text: string): Cidr {
  const [addr, len, extra] = text.trim().split('/');
  const prefix = len === undefined ? 32 : Number(len);
  if (
    extra !== undefined ||
    !addr ||
    !Number.isInteger(prefix) ||
    prefix < 0 ||
    prefix > 32 ||
    (len !== undefined && !/^\d+$/.test(len))
  ) {
    throw new Error(`not an IPv4 CIDR: ${text}`);
  }
  const network = (ipv4ToInt(addr) & mask(prefix)) >>> 0;
  return { network, prefix, text: `${intToIpv4(network)}/${prefix}` };
}

/** The subnet of an interface address, e.g. ("192.0.2.10", "255.255.255.0") -> 192.0.2.0/24. */
export function cidrFromNetmask(address: string, netmask: string): Cidr {
  const m = ipv4ToInt(netmask);
  // A contiguous mask's prefix length is the count of leading zeros of its complement.
  const prefix = Math.clz32(~m >>> 0);
  return parseCidr(`${address}/${prefix}`);
}

/** Strips the IPv4-mapped IPv6 prefix Node reports for dual-stack sockets. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

export function cidrContains(cidr: Cidr, address: string): boolean {
  const a = normalizeAddress(address);
  if (!isIPv4(a)) return false;
  return (ipv4ToInt(a) & mask(cidr.prefix)) >>> 0 === cidr.network;
}

export function anyCidrContains(cidrs: readonly Cidr[], address: string): boolean {
  return cidrs.some((c) => cidrContains(c, address));
}
