// The SSDP breaks of a hostile LAN, against the real sockets in
// network namespaces (test/helpers/topology.ts: pod -- node -- LAN with TVs):
//  5. a LAN host claiming the pod's address withdraws the real server with a
//     byebye, or makes the bridge fetch a pod-network URL it chose;
//  6. an M-SEARCH flood from 150 LAN addresses that do not exist stalls a
//     real TV's unicast search and makes NOTIFYs late;
//  7. one ssdp:all against a 400-service description is answered with ~400
//     datagrams.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { requirementsMet } from '../helpers/requirements.js';
import { NODE_LAN_IP, POD_IP, Topology, execIn, sleep, tvIp, type SsdpListener } from '../helpers/topology.js';
import { startHost, type HostEvent, type HostProcess } from '../bridge/ssdp/host-process.js';
import { descriptionXml, MEDIA_SERVER } from '../bridge/ssdp/fixtures.js';

const FLOOD = path.join(repoRoot, 'bench/ssdp-lib/ssdp-flood.mjs');
const PROBE = path.join(repoRoot, 'bench/ssdp-lib/ssdp-probe.mjs');
const GHOSTS = Array.from({ length: 150 }, (_, i) => `192.0.2.${100 + i}`);
const UDN = MEDIA_SERVER.root.udn;
const MS = 'urn:schemas-upnp-org:device:MediaServer:1';

interface ProbeResult {
  sentBytes: number;
  answers: Array<{ ms: number; bytes: number; text: string }>;
}

async function probe(topo: Topology, from: string, cfg: Record<string, unknown>): Promise<ProbeResult> {
  const r = await execIn(topo.ns(from), process.execPath, [PROBE, JSON.stringify(cfg)], 30_000);
  if (r.code !== 0) throw new Error(`probe in ${from}: ${r.stderr}`);
  return JSON.parse(r.stdout) as ProbeResult;
}

/** 150 addresses on a LAN host with ARP off: to the node they are hosts that do not exist. */
async function addGhosts(topo: Topology, short: string): Promise<void> {
  await topo.bed.exec(short, 'ip', ['link', 'set', 'eth0', 'arp', 'off']);
  for (const a of GHOSTS) await topo.bed.exec(short, 'ip', ['addr', 'add', `${a}/32`, 'dev', 'eth0']);
  await topo.bed.multicastRoute(topo.ns(short), 'eth0');
}

describe.skipIf(!requirementsMet(['ip']))('SSDP on a hostile LAN: output bounds (breaks 6 and 7)', () => {
  let topo: Topology;
  let engine: HostProcess;
  let big: HostProcess | undefined;

  beforeAll(async () => {
    topo = await Topology.create({ tvs: 2, family: 'dbtsh' });
    await topo.bed.multicastRoute(topo.ns('tv1'), 'eth0');
    await addGhosts(topo, 'tv2');
    engine = await startHost(topo.bed, 'node', {
      mode: 'engine',
      iface: 'eth0',
      httpPort: 8200,
      descriptionPath: '/rootDesc.xml',
      descriptionXml: descriptionXml(MEDIA_SERVER),
      aliveIntervalMs: 1_000,
    });
  }, 60_000);
  afterAll(async () => {
    await big?.stop('SIGKILL');
    await engine?.stop('SIGKILL');
    await topo?.destroy();
  });

  it("after a 5 s M-SEARCH flood from 150 non-existent LAN addresses, a TV's unicast search is answered within ~1 s and NOTIFYs stay on time", async () => {
    const listener: SsdpListener = await topo.listen('tv1');
    try {
      const flood = await execIn(
        topo.ns('tv2'),
        process.execPath,
        [FLOOD, JSON.stringify({ sources: GHOSTS, st: 'ssdp:all', mx: 1, rate: 3_000, seconds: 5 })],
        30_000,
      );
      expect(flood.code, flood.stderr).toBe(0);
      const floodEnd = Date.now();
      const answer = await probe(topo, 'tv1', { to: NODE_LAN_IP, st: 'upnp:rootdevice', waitMs: 3_000 });
      const { counters } = await engine.counters();
      expect(
        answer.answers.length,
        `the TV got no answer within 3 s (flood: ${flood.stdout.trim()}; engine: ${JSON.stringify(counters)})`,
      ).toBeGreaterThan(0);
      expect(answer.answers[0]!.ms).toBeLessThan(1_200);
      // NOTIFYs every 1 s (--alive-interval): no gap past 2 s from the flood's start to now.
      const alive = listener.messages
        .filter(
          (m) =>
            m.from === NODE_LAN_IP &&
            m.headers['nts'] === 'ssdp:alive' &&
            m.headers['nt'] === 'upnp:rootdevice' &&
            m.t >= floodEnd - 5_000,
        )
        .map((m) => m.t);
      const gaps = alive.slice(1).map((t, i) => t - alive[i]!);
      expect(alive.length).toBeGreaterThan(10);
      expect(Math.max(...gaps)).toBeLessThan(2_000);
    } finally {
      listener.stop();
    }
  });

  it('one ssdp:all against a description with 400 service types: at most 32 answers, bounded bytes', async () => {
    big = await startHost(topo.bed, 'node', {
      mode: 'engine',
      iface: 'eth0',
      httpPort: 8201,
      descriptionPath: '/big.xml',
      descriptionXml: descriptionXml({ ...MEDIA_SERVER, root: { ...MEDIA_SERVER.root, udn: 'uuid:0000-big' } }),
      floodServices: 400,
      key: 'big',
    });
    await sleep(1_500); // stale answers of the flood above are long gone; the first alive round is out
    const r = await probe(topo, 'tv1', { to: '239.255.255.250', bind: tvIp(0), st: 'ssdp:all', mx: 1, waitMs: 2_500 });
    const fromBig = r.answers.filter((a) => /USN: uuid:0000-big/i.test(a.text));
    const bytes = fromBig.reduce((n, a) => n + a.bytes, 0);
    expect(fromBig.length).toBeGreaterThan(0);
    expect(fromBig.length).toBeLessThanOrEqual(32); // was 403
    expect(bytes / r.sentBytes).toBeLessThan(200); // was 1824x
  });
});

describe.skipIf(!requirementsMet(['ip']))(
  'SSDP on a hostile LAN: --cluster-interface trusts only the pod side (break 5)',
  () => {
    let topo: Topology;
    let pod: HostProcess | undefined;
    let lanSide: HostProcess;
    let source: HostProcess;
    const fetched: string[] = [];
    const isEvent = (kind: string) => (e: HostEvent) => e.kind === kind;

    beforeAll(async () => {
      topo = await Topology.create({ tvs: 1, family: 'dbtsp' });
      // A node whose reverse-path filter lets a LAN packet claim a pod address
      // (loose or off, as CNIs often need): the bridge itself must not be fooled.
      for (const k of ['all', 'default', 'eth0', 'cni0'])
        await topo.bed.exec('node', 'sysctl', ['-qw', `net.ipv4.conf.${k}.rp_filter=0`]);
      // The attacker on the LAN claims the pod's own address.
      await topo.bed.exec('tv1', 'ip', ['addr', 'add', `${POD_IP}/32`, 'dev', 'eth0']);
      await topo.bed.multicastRoute(topo.ns('tv1'), 'eth0');
      // What the bridge fetches on the pod network besides the real server: a second HTTP server in the pod.
      const trap = topo.bed.spawn('pod', process.execPath, [
        '-e',
        `require('http').createServer((q, s) => { process.stdout.write(q.url + '\\n'); s.end('<root/>'); }).listen(9999, '${POD_IP}', () => process.stdout.write('ready\\n'))`,
      ]);
      await new Promise<void>((resolve) =>
        trap.stdout!.on('data', (d: Buffer) => {
          for (const line of d.toString().split('\n').filter(Boolean))
            line === 'ready' ? resolve() : fetched.push(line);
        }),
      );
      pod = await startHost(topo.bed, 'pod', {
        mode: 'engine',
        iface: 'eth0',
        httpPort: 8200,
        descriptionPath: '/rootDesc.xml',
        descriptionXml: descriptionXml(MEDIA_SERVER),
        aliveIntervalMs: 2_000,
        server: 'Linux/6 UPnP/1.0 FakePod/1.0',
      });
      // The LAN side of the bridge joins the group on eth0, as the daemon does: LAN multicast reaches the node's sockets.
      lanSide = await startHost(topo.bed, 'node', {
        mode: 'engine',
        iface: 'eth0',
        httpPort: 8300,
        descriptionPath: '/lan.xml',
        descriptionXml: descriptionXml({ ...MEDIA_SERVER, root: { ...MEDIA_SERVER.root, udn: 'uuid:0000-lan' } }),
      });
      source = await startHost(topo.bed, 'node', { mode: 'cluster', iface: 'cni0', searchIntervalMs: 2_000 });
      await source.next('source', 10_000, isEvent('up'));
    }, 60_000);
    afterAll(async () => {
      await pod?.stop('SIGKILL');
      await lanSide?.stop('SIGKILL');
      await source?.stop('SIGKILL');
      await topo?.destroy();
    });

    const spoof = async (lines: string[]): Promise<void> => {
      const code = `
      const s = require('dgram').createSocket('udp4');
      const m = Buffer.from(${JSON.stringify(lines.join('\r\n') + '\r\n\r\n')});
      s.bind({ address: '${POD_IP}', port: 1900 }, () => {
        s.setMulticastInterface('${POD_IP}');
        let n = 0;
        const t = setInterval(() => { s.send(m, 1900, '239.255.255.250'); if (++n === 3) { clearInterval(t); setTimeout(() => s.close(), 100); } }, 100);
      });`;
      const r = await execIn(topo.ns('tv1'), process.execPath, ['-e', code]);
      expect(r.code, r.stderr).toBe(0);
    };

    it("a byebye from the LAN with the pod's source address does not withdraw the server", async () => {
      const before = source.events.length;
      await spoof([
        'NOTIFY * HTTP/1.1',
        'HOST: 239.255.255.250:1900',
        `NT: ${MS}`,
        'NTS: ssdp:byebye',
        `USN: ${UDN}::${MS}`,
        'BOOTID.UPNP.ORG: 1',
        'CONFIGID.UPNP.ORG: 1',
      ]);
      await sleep(2_500);
      expect(source.events.slice(before).filter(isEvent('down'))).toEqual([]);
    });

    it("an alive from the LAN with the pod's source address makes the bridge fetch nothing it names", async () => {
      const before = source.events.length;
      for (const [udn, location] of [
        ['uuid:0000-evil', `http://${POD_IP}:9999/evil.xml`],
        [UDN, `http://${POD_IP}:9999/moved.xml`],
      ] as const) {
        await spoof([
          'NOTIFY * HTTP/1.1',
          'HOST: 239.255.255.250:1900',
          'CACHE-CONTROL: max-age=999999999',
          `LOCATION: ${location}`,
          `NT: ${MS}`,
          'NTS: ssdp:alive',
          'SERVER: Linux/6 UPnP/1.0 Evil/1.0',
          `USN: ${udn}::${MS}`,
          'BOOTID.UPNP.ORG: 7',
          'CONFIGID.UPNP.ORG: 7',
        ]);
      }
      await sleep(2_500);
      expect(fetched).toEqual([]);
      expect(source.events.slice(before)).toEqual([]);
    });

    it("the pod's own byebye still withdraws it, once its description is gone", async () => {
      await pod!.stop('SIGTERM');
      pod = undefined;
      const down = await source.next('source', 8_000, isEvent('down'));
      expect(String(down.reason)).toMatch(/^ssdp:byebye; description fetch failed/);
    });
  },
);
