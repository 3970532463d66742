// Failover: two bridges (one per "node", both on the TV's LAN), each
// `dlna-bridge serve --advertise leader --kubernetes-service media/jellyfin`,
// share one Kubernetes API (the in-process fake, its socket bound inside a
// "control" namespace) and follow a Jellyfin-like pod named by an EndpointSlice.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementsMet } from '../helpers/requirements.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { FakeKubeApi, listenInNamespace, type FakeObject } from '../helpers/fake-kube-api.js';
import {
  MEDIA_SERVER,
  POD_IP,
  POD_IP_MOVED,
  Topology,
  sleep,
  waitFor,
  type SsdpDatagram,
  type SsdpListener,
} from '../helpers/topology.js';

// The topology:
//   pod  eth0 198.51.100.2 ── cni0 .1  node-a  eth0 192.0.2.10 ──┐ lan (TV 192.0.2.50)
//                                     (forwards: host-gw)          │
//                                      node-b  eth0 192.0.2.11 ──┘ (route to the pods via node-a)
//   api  eth0 203.0.113.1:6443 ── ctl segment ── node-a eth1 .10, node-b eth1 .11
//
// Lease timing: `--lease-duration 4` (renew every third, step down at two
// thirds), so the test runs in seconds; the DaemonSet keeps the 15 s default.

const TOOLS = ['ip', 'gssdp-discover', 'curl'];
const API_IP = '203.0.113.1';
const API_PORT = 6443;
const JELLYFIN_PORT = 8096;
const LEASE_S = 4;

interface Node {
  short: string;
  name: string;
  lanIp: string;
  ctlIp: string;
  /** POD_NAME of its bridge: the Lease holder identity. */
  pod: string;
}
const NODE_A: Node = {
  short: 'node',
  name: 'node-a',
  lanIp: '192.0.2.10',
  ctlIp: '203.0.113.10',
  pod: 'dlna-bridge-aaaaa',
};
const NODE_B: Node = {
  short: 'nodeb',
  name: 'node-b',
  lanIp: '192.0.2.11',
  ctlIp: '203.0.113.11',
  pod: 'dlna-bridge-bbbbb',
};

interface Bridge {
  node: Node;
  process: ChildProcess;
  logs: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

const slice = (address: string, node: Node): FakeObject => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'jellyfin-7xk2p', namespace: 'media', labels: { 'kubernetes.io/service-name': 'jellyfin' } },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: JELLYFIN_PORT, protocol: 'TCP' }],
  endpoints: [
    {
      addresses: [address],
      conditions: { ready: true },
      nodeName: node.name,
      targetRef: { kind: 'Pod', name: 'jellyfin-0', namespace: 'media' },
    },
  ],
});

describe.skipIf(!requirementsMet(TOOLS))('bridge failover: --advertise leader on a Lease, two nodes, one TV', () => {
  let topo: Topology;
  let api: FakeKubeApi;
  let tv: SsdpListener;
  let kubeconfig = '';
  let usn = '';
  const bridges: Bridge[] = [];
  const locationAt = (node: Node): string => `http://${node.lanIp}:8200/u/${serverId}/dlna/${serverId}/description.xml`;
  let serverId = '';

  const holder = (): string | undefined =>
    (
      api.get('coordination.k8s.io/v1', 'Lease', 'media', 'dlna-bridge') as
        { spec?: { holderIdentity?: string } } | undefined
    )?.spec?.holderIdentity;
  const notifies = (nts: 'ssdp:alive' | 'ssdp:byebye', after = 0): SsdpDatagram[] =>
    tv.messages.filter(
      (m) =>
        m.t >= after &&
        m.headers[':start']?.startsWith('NOTIFY') &&
        m.headers['nts'] === nts &&
        m.headers['usn'] === usn,
    );

  async function startBridge(node: Node): Promise<Bridge> {
    const child = topo.bed.spawn(
      node.short,
      process.execPath,
      [
        cliPath,
        'serve',
        '--lan-interface',
        'eth0',
        '--kubernetes-service',
        'media/jellyfin',
        '--advertise',
        'leader',
        '--lease-duration',
        String(LEASE_S),
      ],
      {
        env: { ...process.env, KUBECONFIG: kubeconfig, POD_NAME: node.pod, POD_NAMESPACE: 'media' },
        cwd: repoRoot,
      },
    );
    const bridge: Bridge = {
      node,
      process: child,
      logs: [],
      exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    };
    let tail = '';
    createInterface({ input: child.stderr! }).on('line', (line) => {
      tail = (tail + line + '\n').slice(-20_000);
      try {
        bridge.logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // a CLI error message, kept in `tail`
      }
    });
    bridges.push(bridge);
    await Promise.race([
      waitFor(
        `bridge on ${node.name} started`,
        () => (bridge.logs.some((l) => l['msg'] === 'bridge started') ? true : undefined),
        15_000,
        100,
      ),
      bridge.exited.then((code) => {
        throw new Error(`serve on ${node.name} exited ${code} before it started:\n${tail.slice(-3000)}`);
      }),
    ]);
    return bridge;
  }
  const logged = (b: Bridge, msg: string): boolean => b.logs.some((l) => l['msg'] === msg);

  beforeAll(async () => {
    topo = await Topology.create({ tvs: 1, family: 'dbtk8s' });
    const bed = topo.bed;
    // node-b on the same LAN segment as node-a and the TV.
    const nodeB = await bed.addNamespace(NODE_B.short);
    await bed.link({
      a: { ns: topo.ns('lan'), ifname: 'pb0' },
      b: { ns: nodeB, ifname: 'eth0', cidr: `${NODE_B.lanIp}/24` },
    });
    await bed.exec('lan', 'ip', ['link', 'set', 'pb0', 'master', 'br0']);
    // Pod routing as flannel's host-gw does it: node-b reaches the pod through node-a.
    await bed.exec(NODE_A.short, 'sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    await bed.exec(NODE_B.short, 'ip', ['route', 'add', '198.51.100.0/24', 'via', NODE_A.lanIp]);
    await bed.exec('pod', 'ip', ['route', 'add', '192.0.2.0/24', 'via', '198.51.100.1']);
    // The control plane on its own segment.
    const ctl = await bed.addSegment('ctl');
    await ctl.attach(await bed.addNamespace('api'), 'eth0', `${API_IP}/24`);
    for (const n of [NODE_A, NODE_B]) await ctl.attach(topo.ns(n.short), 'eth1', `${n.ctlIp}/24`);

    api = await new FakeKubeApi().startOn(await listenInNamespace(topo.ns('api'), API_IP, API_PORT));
    const kubeDir = await topo.tempDir('kube');
    await mkdir(kubeDir, { recursive: true });
    kubeconfig = path.join(kubeDir, 'config');
    await writeFile(kubeconfig, api.kubeConfig().exportConfig());
    api.upsert({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'jellyfin', namespace: 'media' },
      spec: {
        selector: { app: 'jellyfin' },
        ports: [{ name: 'http', port: JELLYFIN_PORT, targetPort: JELLYFIN_PORT }],
      },
    });
    api.upsert(slice(POD_IP, NODE_A));

    serverId = (await topo.startJellyfinLike(JELLYFIN_PORT)).serverId;
    usn = `uuid:${serverId}::${MEDIA_SERVER}`;
    tv = await topo.listen('tv1');
  }, 60_000);

  afterAll(async () => {
    tv?.stop();
    for (const b of bridges)
      if (b.process.exitCode === null && b.process.signalCode === null) b.process.kill('SIGKILL');
    await api?.stop();
    await topo?.destroy();
  });

  it('the API is reachable from both nodes only through the control segment', async () => {
    expect(api.url).toBe(`http://${API_IP}:${API_PORT}`);
    for (const n of [NODE_A, NODE_B]) {
      const r = await topo.get(n.short, `${api.url}/apis/coordination.k8s.io/v1`, ['Authorization: Bearer fake-token']);
      expect(r.status).toBe(200);
    }
    // and the pod from both nodes (node-b through node-a)
    for (const n of [NODE_A, NODE_B])
      expect((await topo.get(n.short, `http://${POD_IP}:${JELLYFIN_PORT}/System/Info/Public`)).status).toBe(200);
  });

  it('exactly one bridge announces: the Lease holder, at its own node address', async () => {
    const a = await startBridge(NODE_A);
    await waitFor('node-a holds the Lease', () => (holder() === NODE_A.pod ? true : undefined));
    await startBridge(NODE_B);
    await waitFor('node-b sees the other replica lead', () =>
      logged(bridges[1]!, 'another replica leads') ? true : undefined,
    );
    const alive = await waitFor('alive at the TV', () => notifies('ssdp:alive')[0]);
    expect(alive.headers['location']).toBe(locationAt(NODE_A));
    // A control point's search and the NOTIFYs over a few seconds: only node-a.
    const seen = await topo.gssdpDiscover('tv1', 3, MEDIA_SERVER);
    expect(seen.filter((s) => s.usn === usn)).toEqual([{ type: 'available', usn, location: locationAt(NODE_A) }]);
    expect(new Set(notifies('ssdp:alive').map((m) => m.from))).toEqual(new Set([NODE_A.lanIp]));
    expect(holder()).toBe(NODE_A.pod);
    expect(logged(a, 'leading: announcing on the LAN')).toBe(true);
  });

  it(`leader killed (SIGKILL: no byebye): node-b takes over within the lease duration + 2 s, the TV finds the server at node-b`, async () => {
    const a = bridges[0]!;
    const killedAt = Date.now();
    a.process.kill('SIGKILL');
    await a.exited;
    const limit = (LEASE_S + 2) * 1000;
    const alive = await waitFor(
      'alive from node-b',
      () => notifies('ssdp:alive', killedAt).find((m) => m.from === NODE_B.lanIp),
      limit + 3_000,
      100,
    );
    console.info(`failover: node-b announced ${alive.t - killedAt} ms after the leader was killed (limit ${limit} ms)`);
    expect(alive.t - killedAt).toBeLessThanOrEqual(limit);
    expect(alive.headers['location']).toBe(locationAt(NODE_B));
    expect(holder()).toBe(NODE_B.pod);
    expect(notifies('ssdp:byebye', killedAt).filter((m) => m.from === NODE_A.lanIp)).toEqual([]);
    const seen = await topo.gssdpDiscover('tv1', 3, MEDIA_SERVER);
    expect(seen.filter((s) => s.usn === usn)).toEqual([{ type: 'available', usn, location: locationAt(NODE_B) }]);
    const desc = await topo.get('tv1', locationAt(NODE_B));
    expect(desc.status).toBe(200);
    expect(desc.body.toString('utf8')).not.toMatch(/198\.51\.100\./);
  }, 40_000);

  it('the pod moves (EndpointSlice names a new address): the leader starts a new announcement round within 5 s', async () => {
    const b = bridges[1]!;
    // jellyfin-0 rescheduled: the pod answers on its new address, then the slice says so.
    await topo.bed.exec('pod', 'ip', ['addr', 'add', `${POD_IP_MOVED}/24`, 'dev', 'eth0']);
    const before = Number(notifies('ssdp:alive').at(-1)!.headers['bootid.upnp.org']);
    const movedAt = Date.now();
    api.upsert(slice(POD_IP_MOVED, NODE_B));
    const alive = await waitFor(
      'a new alive round',
      () => notifies('ssdp:alive', movedAt).find((m) => Number(m.headers['bootid.upnp.org']) > before),
      8_000,
      100,
    );
    console.info(`pod move: new round ${alive.t - movedAt} ms after the EndpointSlice update`);
    expect(alive.t - movedAt).toBeLessThan(5_000);
    expect(alive.from).toBe(NODE_B.lanIp);
    expect(alive.headers['location']).toBe(locationAt(NODE_B));
    expect(b.logs.some((l) => l['msg'] === 'endpoint changed' && l['to'] === `${POD_IP_MOVED}:${JELLYFIN_PORT}`)).toBe(
      true,
    );
    expect((await topo.get('tv1', locationAt(NODE_B))).status).toBe(200);
  });

  it('a leader that steps down (SIGTERM) sends byebye first; the restarted node-a takes over the released Lease at once', async () => {
    // node-a's bridge comes back (the DaemonSet restarts it) and stands by.
    const a2 = await startBridge(NODE_A);
    await waitFor('node-a stands by', () => (logged(a2, 'another replica leads') ? true : undefined));
    const b = bridges[1]!;
    const stoppedAt = Date.now();
    b.process.kill('SIGTERM');
    expect(await b.exited).toBe(0);
    const bye = await waitFor(
      'byebye from node-b',
      () => notifies('ssdp:byebye', stoppedAt).find((m) => m.from === NODE_B.lanIp),
      5_000,
      50,
    );
    expect(bye.t - stoppedAt).toBeLessThan(2_000);
    const alive = await waitFor(
      'alive from node-a',
      () => notifies('ssdp:alive', stoppedAt).find((m) => m.from === NODE_A.lanIp),
      8_000,
      100,
    );
    // Released, not expired: the successor does not wait out the lease.
    console.info(`step-down: byebye after ${bye.t - stoppedAt} ms, node-a announced after ${alive.t - stoppedAt} ms`);
    expect(alive.t - stoppedAt).toBeLessThan(5_000);
    // node-b's last byebye went out before node-a's first alive (else the TV would drop the new leader's entry).
    await sleep(500);
    const byes = notifies('ssdp:byebye', stoppedAt).filter((m) => m.from === NODE_B.lanIp);
    expect(Math.max(...byes.map((m) => m.t))).toBeLessThanOrEqual(alive.t);
    expect(alive.headers['location']).toBe(locationAt(NODE_A));
    expect(holder()).toBe(NODE_A.pod);
  }, 30_000);
});
