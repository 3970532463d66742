// Who may reach the admin server (/healthz, /readyz, /metrics). In a
// hostNetwork pod the admin address is the node's own (status.hostIP) so that
// Prometheus can scrape it, and then the LAN could too: the allow list keeps
// it to the monitoring side. Pure.
//   --admin-allow CIDR[,CIDR...] given: those sources, and the node itself
//     (loopback and its own addresses: the kubelet probes a hostNetwork pod
//     from the node, and anyone on the node can read its sockets anyway).
//   loopback admin address (the default 127.0.0.1): loopback only.
//   any other address: the node's own subnets and loopback (logged at start,
//   so nobody is surprised by who can read /metrics).
import { parseCidr, cidrContains, intToIpv4, type Cidr } from '../../net/cidr.js';

export type AdminAllowOrigin = 'flag' | 'loopback' | 'node-subnets';

export interface AdminAccess {
  allow: Cidr[];
  from: AdminAllowOrigin;
}

export const LOOPBACK: Cidr = parseCidr('127.0.0.0/8');

export function isLoopbackAddress(address: string): boolean {
  return cidrContains(LOOPBACK, address);
}

/** The allow list for an admin address, from the flag's CIDRs when given, else by the rules above. */
export function adminAccess(
  adminAddress: string,
  given: readonly Cidr[],
  nodeSubnets: readonly Cidr[],
  nodeAddresses: readonly string[] = [],
): AdminAccess {
  if (given.length > 0) {
    const allow = new Map<string, Cidr>(given.map((c) => [c.text, c]));
    for (const c of [LOOPBACK, ...nodeAddresses.map((a) => parseCidr(`${a}/32`))]) {
      if (![...allow.values()].some((g) => g.prefix <= c.prefix && cidrContains(g, intToIpv4(c.network))))
        allow.set(c.text, c);
    }
    return { allow: [...allow.values()], from: 'flag' };
  }
  if (isLoopbackAddress(adminAddress)) return { allow: [LOOPBACK], from: 'loopback' };
  const allow = new Map<string, Cidr>([[LOOPBACK.text, LOOPBACK]]);
  for (const c of nodeSubnets) allow.set(c.text, c);
  return { allow: [...allow.values()], from: 'node-subnets' };
}
