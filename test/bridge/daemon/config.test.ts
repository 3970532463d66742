import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  parseDaemonConfig,
  type HostNetwork,
  type ServeSettings,
} from '../../../src/bridge/daemon/config.js';
import { envName, registerServeCommand, serveSettings } from '../../../src/cli/commands/serve.js';
import { InterfaceError } from '../../../src/net/interfaces.js';
import { parseCidr } from '../../../src/net/cidr.js';

const host: HostNetwork = {
  defaultRouteInterface: () => 'eth0',
  ipv4Interface: (name) => {
    if (name === 'eth0')
      return {
        name,
        address: '192.0.2.10',
        addresses: ['192.0.2.10', '192.0.2.11'],
        subnets: [parseCidr('192.0.2.0/24')],
      };
    throw new InterfaceError(`no network interface named ${name} (have: eth0)`);
  },
};

afterEach(() => vi.unstubAllEnvs());

/**
 * The settings as `dlna-bridge serve` reads them: the flags (attribute names,
 * as commander gives them) on a command line, the variables in the
 * environment (commander's .env() reads process.env), every other
 * DLNA_BRIDGE_* variable of the test run unset.
 */
function settings(flags: Record<string, string | string[]>, env: Record<string, string>): ServeSettings {
  for (const name of Object.keys(process.env)) if (name.startsWith('DLNA_BRIDGE_')) vi.stubEnv(name, undefined);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const argv = Object.entries(flags).flatMap(([key, value]) => {
    const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    return (Array.isArray(value) ? value : [value]).flatMap((v) => [flag, v]);
  });
  let read: ServeSettings | undefined;
  const program = new Command().exitOverride();
  registerServeCommand(program);
  const serve = program.commands.find((c) => c.name() === 'serve')!;
  serve.action((_options: unknown, command: Command) => {
    read = serveSettings(command);
  });
  program.parse(['serve', ...argv], { from: 'user' });
  return read!;
}

function config(flags: Record<string, string | string[]>, env: Record<string, string> = {}, h = host) {
  return parseDaemonConfig(settings(flags, env), h);
}

function problems(flags: Record<string, string | string[]>, env: Record<string, string> = {}, h = host): string[] {
  try {
    config(flags, env, h);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('serve config: defaults', () => {
  it('LAN interface = the default route interface, advertise address = its first IPv4, ports 8200/9180, TTL 2, max-age 1800', () => {
    const c = config({ upstream: ['http://10.42.0.5:8096'] });
    expect(c.lan.name).toBe('eth0');
    expect(c.advertiseAddress).toBe('192.0.2.10');
    expect(c.httpPort).toBe(8200);
    expect(c.admin).toMatchObject({ address: '127.0.0.1', port: 9180, allowFrom: 'loopback' });
    expect(c.admin?.allow.map((x) => x.text)).toEqual(['127.0.0.0/8']);
    expect(c.ttl).toBe(2);
    expect(c.maxAgeS).toBe(1800);
    expect(c.aliveIntervalS).toBeUndefined();
    expect(c.advertise).toBe('all');
    expect(c.logLevel).toBe('info');
    expect(c.upstreams.map((u) => u.href)).toEqual(['http://10.42.0.5:8096/']);
  });

  it('issue 5: in a cluster (--kubernetes-service) only the Lease holder announces by default; --advertise all overrides', () => {
    expect(config({ kubernetesService: 'media/jellyfin' }).advertise).toBe('leader');
    expect(config({ kubernetesService: 'media/jellyfin', advertise: 'all' }).advertise).toBe('all');
  });

  it('--lease-duration: 15 s by default, at least 3 s (room for a renew and a retry)', () => {
    expect(config({ kubernetesService: 'media/jellyfin' }).leaseDurationS).toBe(15);
    expect(config({ kubernetesService: 'media/jellyfin', leaseDuration: '4' }).leaseDurationS).toBe(4);
    expect(problems({ kubernetesService: 'media/jellyfin', leaseDuration: '2' })).toEqual([
      '--lease-duration "2": expected a whole number from 3 to 3600 seconds',
    ]);
  });

  it('--admin-port 0 turns the admin server off', () => {
    expect(config({ upstream: 'http://a:1/d.xml', adminPort: '0' }).admin).toBeUndefined();
  });
});

describe('serve config: DLNA_BRIDGE_<FLAG> environment variables, flags win', () => {
  it('names each variable after its flag', () => {
    expect(envName('lan-interface')).toBe('DLNA_BRIDGE_LAN_INTERFACE');
    expect(envName('allow-subnet')).toBe('DLNA_BRIDGE_ALLOW_SUBNET');
  });

  it('reads every setting from the environment; repeatable ones as a comma/space list', () => {
    const c = config(
      {},
      {
        DLNA_BRIDGE_LAN_INTERFACE: 'eth0',
        DLNA_BRIDGE_ADVERTISE_ADDRESS: '192.0.2.11',
        DLNA_BRIDGE_UPSTREAM: 'http://10.42.0.5:8096, http://10.42.0.6:8200/rootDesc.xml',
        DLNA_BRIDGE_CLUSTER_INTERFACE: 'cni0 flannel.1',
        DLNA_BRIDGE_HTTP_PORT: '8300',
        DLNA_BRIDGE_ADMIN_ADDRESS: '0.0.0.0',
        DLNA_BRIDGE_ADMIN_PORT: '9999',
        DLNA_BRIDGE_TTL: '4',
        DLNA_BRIDGE_MAX_AGE: '3600',
        DLNA_BRIDGE_ALIVE_INTERVAL: '60',
        DLNA_BRIDGE_ALLOW_SUBNET: '198.51.100.0/24,203.0.113.0/24',
        DLNA_BRIDGE_LOG_LEVEL: 'debug',
      },
    );
    expect(c.advertiseAddress).toBe('192.0.2.11');
    expect(c.upstreams).toHaveLength(2);
    expect(c.clusterInterfaces).toEqual(['cni0', 'flannel.1']);
    expect([c.httpPort, c.admin?.port, c.admin?.address, c.ttl, c.maxAgeS, c.aliveIntervalS]).toEqual([
      8300,
      9999,
      '0.0.0.0',
      4,
      3600,
      60,
    ]);
    expect(c.allowSubnets.map((s) => s.text)).toEqual(['198.51.100.0/24', '203.0.113.0/24']);
    expect(c.logLevel).toBe('debug');
  });

  it('a flag replaces its variable entirely (lists are not merged); empty variables count as unset', () => {
    const c = config(
      { upstream: ['http://flag:8096'], httpPort: '8400' },
      {
        DLNA_BRIDGE_UPSTREAM: 'http://env-a:8096,http://env-b:8096',
        DLNA_BRIDGE_HTTP_PORT: '8300',
        DLNA_BRIDGE_TTL: ' ',
      },
    );
    expect(c.upstreams.map((u) => u.host)).toEqual(['flag:8096']);
    expect(c.httpPort).toBe(8400);
    expect(c.ttl).toBe(2);
  });
});

describe('serve config: validation reports every problem, naming its flag or variable', () => {
  it('nothing to bridge', () => {
    expect(problems({})).toEqual([
      expect.stringMatching(/^nothing to bridge: give --upstream URL, --cluster-interface IF or --kubernetes-service/),
    ]);
  });

  it('bad values from flags and from the environment', () => {
    const p = problems(
      { upstream: ['ftp://x/'], httpPort: '70000', ttl: '0', logLevel: 'loud' },
      { DLNA_BRIDGE_ALLOW_SUBNET: '10.0.0.0/33', DLNA_BRIDGE_MAX_AGE: '60' },
    );
    expect(p).toEqual([
      '--upstream ftp://x/: only http:// upstreams are supported',
      '--http-port "70000": expected a whole number from 1 to 65535',
      '--ttl "0": expected a whole number from 1 to 255',
      'DLNA_BRIDGE_MAX_AGE "60": expected a whole number from 1800 to 86400 seconds (UDA: at least 1800)',
      'DLNA_BRIDGE_ALLOW_SUBNET "10.0.0.0/33" is not an IPv4 CIDR (e.g. 192.168.10.0/24)',
      '--log-level "loud": expected one of fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it('an unknown LAN interface, and no default route', () => {
    expect(problems({ lanInterface: 'wlan9', upstream: 'http://a:1' })).toEqual([
      'LAN interface: no network interface named wlan9 (have: eth0)',
    ]);
    expect(problems({ upstream: 'http://a:1' }, {}, { ...host, defaultRouteInterface: () => undefined })).toEqual([
      'no default route to pick the LAN interface from; name it with --lan-interface IF (or DLNA_BRIDGE_LAN_INTERFACE)',
    ]);
  });

  it('an advertise address the LAN interface does not have', () => {
    expect(problems({ upstream: 'http://a:1', advertiseAddress: '192.0.2.99' })).toEqual([
      '--advertise-address 192.0.2.99 is not an address of eth0 (it has 192.0.2.10, 192.0.2.11)',
    ]);
  });

  it('the LAN interface as a cluster interface (a bridge loop)', () => {
    expect(problems({ clusterInterface: ['eth0'] })).toEqual([
      '--cluster-interface eth0 is the LAN interface; name the pod-side one (e.g. cni0)',
    ]);
  });

  it('UDA: alive interval at or above max-age/2', () => {
    expect(problems({ upstream: 'http://a:1', aliveInterval: '900' })).toEqual([
      '--alive-interval 900: must be below half of max-age (900 s), or TVs drop the server between announcements',
    ]);
  });

  it('--kubernetes-service must be NS/NAME; --advertise leader needs it', () => {
    expect(problems({ kubernetesService: 'jellyfin' })).toEqual([
      '--kubernetes-service "jellyfin": expected NAMESPACE/NAME, e.g. media/jellyfin',
    ]);
    expect(problems({ upstream: 'http://a:1', advertise: 'leader' })).toEqual([
      '--advertise leader needs --kubernetes-service NS/NAME (the Lease is kept in that namespace)',
    ]);
    expect(config({ kubernetesService: 'media/jellyfin', advertise: 'leader' }).kubernetesService).toEqual({
      namespace: 'media',
      name: 'jellyfin',
    });
  });

  it('admin and proxy on the same address and port', () => {
    expect(problems({ upstream: 'http://a:1', adminAddress: '192.0.2.10', adminPort: '8200' })).toEqual([
      'the admin server and the proxy cannot both listen on 192.0.2.10:8200; change --admin-port or --http-port',
    ]);
  });
});

describe('serve config: --admin-allow (who may reach /healthz, /readyz, /metrics)', () => {
  const withSubnets: HostNetwork = {
    ...host,
    ipv4Subnets: () => [parseCidr('127.0.0.0/8'), parseCidr('192.0.2.0/24'), parseCidr('10.42.1.0/24')],
    ipv4Addresses: () => ['127.0.0.1', '192.0.2.10', '10.42.1.1'],
  };
  const allow = (c: ReturnType<typeof config>): string[] | undefined => c.admin?.allow.map((x) => x.text);

  it('loopback admin address: loopback only', () => {
    const c = config({ upstream: 'http://a:1' }, {}, withSubnets);
    expect(c.admin?.allowFrom).toBe('loopback');
    expect(allow(c)).toEqual(['127.0.0.0/8']);
  });

  it("a non-loopback admin address without --admin-allow: the node's own subnets and loopback", () => {
    const c = config({ upstream: 'http://a:1', adminAddress: '192.0.2.10' }, {}, withSubnets);
    expect(c.admin?.allowFrom).toBe('node-subnets');
    expect(allow(c)).toEqual(['127.0.0.0/8', '192.0.2.0/24', '10.42.1.0/24']);
  });

  it('--admin-allow is repeatable and wins, the node itself (loopback, its own addresses) always allowed; DLNA_BRIDGE_ADMIN_ALLOW is a comma list', () => {
    const c = config(
      { upstream: 'http://a:1', adminAddress: '192.0.2.10', adminAllow: ['10.42.0.0/16', '192.0.2.5'] },
      {},
      withSubnets,
    );
    expect(c.admin?.allowFrom).toBe('flag');
    // 10.42.1.1 is inside 10.42.0.0/16 already; the kubelet probes from 192.0.2.10.
    expect(allow(c)).toEqual(['10.42.0.0/16', '192.0.2.5/32', '127.0.0.0/8', '192.0.2.10/32']);
    const e = config({ upstream: 'http://a:1' }, { DLNA_BRIDGE_ADMIN_ALLOW: '10.42.0.0/16,127.0.0.0/8' }, withSubnets);
    expect(allow(e)).toEqual(['10.42.0.0/16', '127.0.0.0/8', '192.0.2.10/32']);
  });

  it('a bad CIDR is named with where it came from', () => {
    expect(problems({ upstream: 'http://a:1', adminAllow: ['10.42.0.0/33'] })).toEqual([
      '--admin-allow "10.42.0.0/33" is not an IPv4 CIDR (e.g. 10.42.0.0/16)',
    ]);
    expect(problems({ upstream: 'http://a:1' }, { DLNA_BRIDGE_ADMIN_ALLOW: 'pods' })).toEqual([
      'DLNA_BRIDGE_ADMIN_ALLOW "pods" is not an IPv4 CIDR (e.g. 10.42.0.0/16)',
    ]);
  });
});
