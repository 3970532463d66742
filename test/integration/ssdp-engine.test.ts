// The SSDP engine and advertiser on a real LAN segment (namespaces), without the
// proxy: a fake catalog entry whose LOCATION is a tiny HTTP server on the node.
// TVs: gssdp-discover (GUPnP), node-ssdp's Client, `dlna-bridge discover`, and
// raw sockets. See shared docs/ssdp.md and docs/testbed.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementsMet } from '../helpers/requirements.js';
import { execIn, MEDIA_SERVER, NODE_LAN_IP, sleep, Topology, type SsdpDatagram } from '../helpers/topology.js';
import { startHost, type HostProcess } from '../bridge/ssdp/host-process.js';
import { descriptionXml, MEDIA_SERVER as DESCRIPTION } from '../bridge/ssdp/fixtures.js';

const TOOLS = ['ip', 'gssdp-discover'];
const UDN = DESCRIPTION.root.udn;
const LOCATION = `http://${NODE_LAN_IP}:8200/u/k1/rootDesc.xml`;
const hostConfig = {
  mode: 'engine',
  iface: 'eth0',
  httpPort: 8200,
  descriptionPath: '/rootDesc.xml',
  descriptionXml: descriptionXml(DESCRIPTION),
  aliveIntervalMs: 3_000,
};

describe.skipIf(!requirementsMet(TOOLS))('SSDP engine on a LAN segment', () => {
  let topo: Topology;
  let host: HostProcess;

  beforeAll(async () => {
    topo = await Topology.create({ tvs: 2, offSubnetHost: true, family: 'dbtss' });
    host = await startHost(topo.bed, 'node', hostConfig);
  });
  afterAll(async () => {
    await host?.stop('SIGKILL');
    await topo?.destroy();
  });

  it('gssdp-discover (GUPnP) on the LAN finds the MediaServer at the advertised LOCATION', async () => {
    const seen = await topo.gssdpDiscover('tv1', 3, MEDIA_SERVER);
    expect(seen).toContainEqual({ type: 'available', usn: `${UDN}::${MEDIA_SERVER}`, location: LOCATION });
  });

  it("node-ssdp's Client gets an answer: ST echoed, USN, LOCATION, EXT, BOOTID/CONFIGID", async () => {
    const answers = await topo.nodeSsdpSearch('tv2', 3000, MEDIA_SERVER);
    const ours = answers.find((h) => h['USN'] === `${UDN}::${MEDIA_SERVER}`);
    expect(ours).toMatchObject({ ST: MEDIA_SERVER, LOCATION: LOCATION, EXT: '', 'CONFIGID.UPNP.ORG': '1' });
    expect(ours?.['SERVER']).toMatch(/ UPnP\/1\.1 dlna-bridge\//);
    expect(Number(ours?.['BOOTID.UPNP.ORG'])).toBeGreaterThan(0);
  });

  it('`dlna-bridge discover --json` on the LAN lists it with name, model and a reachable LOCATION (exit 0)', async () => {
    const r = await topo.discover('tv1', ['--timeout', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        usn: `${UDN}::${MEDIA_SERVER}`,
        udn: UDN,
        location: LOCATION,
        friendlyName: 'Test Media',
        modelName: 'Test Model',
        reachable: true,
        error: null,
      },
    ]);
  });

  it('UDA 1.1 §1.3.2: ssdp:all is answered with one datagram per message of the round (3 + 2d + k = 5)', async () => {
    const answers = (await topo.search('tv1', 'ssdp:all', 2500, 1)).filter((a) => a.headers['usn']?.startsWith(UDN));
    // two searches were sent, each answered in full
    expect(answers).toHaveLength(10);
    expect(new Set(answers.map((a) => a.headers['st']))).toEqual(
      new Set(['upnp:rootdevice', UDN, MEDIA_SERVER, ...DESCRIPTION.serviceTypes]),
    );
    for (const a of answers) expect(Buffer.byteLength(a.text, 'latin1')).toBeLessThanOrEqual(1024);
  });

  it('the TV hears NOTIFY ssdp:alive for all 5 targets, repeated, from the node address', async () => {
    const listener = await topo.listen('tv2');
    await sleep(3_800); // --alive-interval 3 s: at least one round
    listener.stop();
    const alive = listener.messages.filter(
      (m) => m.headers['nts'] === 'ssdp:alive' && m.headers['usn']?.startsWith(UDN),
    );
    expect(new Set(alive.map((m) => m.headers['nt'])).size).toBe(5);
    expect(alive.length).toBeGreaterThanOrEqual(10); // a round goes out 3 times
    expect(
      alive.every(
        (m) =>
          m.from === NODE_LAN_IP && m.headers['location'] === LOCATION && m.headers['cache-control'] === 'max-age=1800',
      ),
    ).toBe(true);
  });

  it('reflection: a search from off the LAN subnet (203.0.113.7) gets no answer, while a filter-less server does answer it (negative control)', async () => {
    // node-ssdp's Server answers anyone: proof that an answer could reach the off-subnet host.
    const control = topo.bed.spawn('node', process.execPath, [
      '--input-type=module',
      '-e',
      `import ssdp from 'node-ssdp';
       const s = new ssdp.Server({ location: 'http://${NODE_LAN_IP}:9/control.xml', udn: 'uuid:control-server', interfaces: ['eth0'], explicitSocketBind: false, ssdpTtl: 2 });
       s.addUSN('${MEDIA_SERVER}');
       s.start().then(() => process.stdout.write('ready\\n'));`,
    ]);
    try {
      await new Promise<void>((resolve) =>
        control.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve()),
      );
      const before = await host.counters();
      const answers = await topo.search('off', MEDIA_SERVER, 2500, 1);
      const usns = answers.map((a) => a.headers['usn'] ?? '');
      expect(usns.some((u) => u.startsWith('uuid:control-server'))).toBe(true);
      expect(usns.some((u) => u.startsWith(UDN))).toBe(false);
      const after = await host.counters();
      expect(after.counters.dropped['off-subnet']).toBeGreaterThan(before.counters.dropped['off-subnet']!);
    } finally {
      control.kill('SIGKILL');
    }
  });

  it('a search flood from one TV is rate-limited; another TV is still answered promptly', async () => {
    const before = await host.counters();
    const flood = execIn(
      topo.ns('tv1'),
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import dgram from 'node:dgram';
       const s = dgram.createSocket('udp4');
       let answers = 0;
       s.on('message', () => answers++);
       const m = Buffer.from('M-SEARCH * HTTP/1.1\\r\\nHOST: 239.255.255.250:1900\\r\\nMAN: "ssdp:discover"\\r\\nMX: 1\\r\\nST: ssdp:all\\r\\n\\r\\n');
       s.bind(0, async () => {
         for (let i = 0; i < 20000; i++) { s.send(m, 1900, '239.255.255.250'); if (i % 200 === 0) await new Promise((r) => setTimeout(r, 10)); }
         setTimeout(() => { process.stdout.write(String(answers)); process.exit(0); }, 2000);
       });`,
      ],
      60_000,
    );
    await sleep(500);
    const t0 = Date.now();
    const meanwhile = await topo.search('tv2', 'upnp:rootdevice', 1500, 1);
    expect(meanwhile.some((a) => a.headers['usn'] === `${UDN}::upnp:rootdevice`)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5_000);
    const floodResult = await flood;
    const answered = Number(floodResult.stdout);
    const after = await host.counters();
    const limited = after.counters.dropped['rate-limited-source']! - before.counters.dropped['rate-limited-source']!;
    // per source: a burst of 20 searches + 5/s, ssdp:all = 5 answers each
    expect(answered).toBeLessThanOrEqual((20 + 5 * 8) * 5);
    expect(limited).toBeGreaterThan(10_000);
    expect(after.rss).toBeLessThan(150 * 1024 * 1024);
  });

  it('byebye on stopAll: the TV hears ssdp:byebye for all 5 targets before the process exits', async () => {
    const listener = await topo.listen('tv2');
    await sleep(200);
    const code = await host.stop('SIGTERM');
    await sleep(300);
    listener.stop();
    expect(code).toBe(0);
    expect(host.events.some((e) => e.event === 'stopped')).toBe(true);
    const byes = listener.messages.filter(
      (m: SsdpDatagram) => m.headers['nts'] === 'ssdp:byebye' && m.headers['usn']?.startsWith(UDN),
    );
    expect(new Set(byes.map((m) => m.headers['nt'])).size).toBe(5);
    expect(byes.every((m) => m.headers['bootid.upnp.org'] !== undefined)).toBe(true);
  });
});
