import { describe, expect, it } from 'vitest';
import type os from 'node:os';
import {
  allIpv4AddressesFrom,
  InterfaceError,
  ipv4InterfaceFrom,
  parseDefaultRouteInterface,
} from '../../src/net/interfaces.js';

const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
wlan0\t00000000\t0102000A\t0003\t0\t0\t600\t00000000\t0\t0\t0
eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth0\t000200C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
cni0\t00000000\t00000000\t0000\t0\t0\t1\t00000000\t0\t0\t0
`;

const info = (address: string, netmask: string, family: 'IPv4' | 'IPv6' = 'IPv4'): os.NetworkInterfaceInfo =>
  ({ address, netmask, family, mac: '00:00:00:00:00:00', internal: false, cidr: null }) as os.NetworkInterfaceInfo;

describe('net/interfaces', () => {
  it('the default route interface is the up default route with the lowest metric', () => {
    expect(parseDefaultRouteInterface(ROUTE)).toBe('eth0');
  });
  it('no default route: undefined', () => {
    expect(
      parseDefaultRouteInterface(
        ROUTE.split('\n')
          .filter((l) => !l.includes('\t00000000\t0'))
          .join('\n'),
      ),
    ).toBeUndefined();
    expect(parseDefaultRouteInterface('')).toBeUndefined();
  });
  it("an interface's IPv4 address and subnets (IPv6 ignored)", () => {
    const table = {
      eth0: [
        info('fe80::1', 'ffff:ffff:ffff:ffff::', 'IPv6'),
        info('192.0.2.10', '255.255.255.0'),
        info('198.51.100.7', '255.255.255.128'),
      ],
    };
    const i = ipv4InterfaceFrom(table, 'eth0');
    expect(i.address).toBe('192.0.2.10');
    expect(i.addresses).toEqual(['192.0.2.10', '198.51.100.7']);
    expect(i.subnets.map((c) => c.text)).toEqual(['192.0.2.0/24', '198.51.100.0/25']);
  });
  it('a missing interface or one without IPv4 is a clear InterfaceError', () => {
    expect(() => ipv4InterfaceFrom({ lo: [] }, 'eth9')).toThrow(/no network interface named eth9 \(have: lo\)/);
    expect(() => ipv4InterfaceFrom({ eth0: [info('fe80::1', 'ffff::', 'IPv6')] }, 'eth0')).toThrow(InterfaceError);
  });
  it('all IPv4 addresses of the host', () => {
    expect(
      allIpv4AddressesFrom({ lo: [info('127.0.0.1', '255.0.0.0')], eth0: [info('192.0.2.10', '255.255.255.0')] }),
    ).toEqual(['127.0.0.1', '192.0.2.10']);
  });
});
