// --cluster-interface: the pod-side SSDP source on the node's cni0 finds a
// MediaServer announcing itself in the pod, follows it to a new address, and
// reports it down on byebye. The "pod server" is our own engine with another
// SERVER string (the source ignores packets carrying ours), serving a real
// description over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementsMet } from '../helpers/requirements.js';
import { POD_IP, POD_IP_MOVED, Topology } from '../helpers/topology.js';
import { startHost, type HostEvent, type HostProcess } from '../bridge/ssdp/host-process.js';
import { descriptionXml, MEDIA_SERVER } from '../bridge/ssdp/fixtures.js';

const podServer = {
  mode: 'engine',
  iface: 'eth0',
  httpPort: 8200,
  descriptionPath: '/rootDesc.xml',
  descriptionXml: descriptionXml(MEDIA_SERVER),
  aliveIntervalMs: 2_000,
  server: 'Linux/6 UPnP/1.0 FakePod/1.0',
};
const isSource = (kind: string, host: string) => (e: HostEvent) => e.kind === kind && String(e.location).includes(host);

describe.skipIf(!requirementsMet(['ip']))('cluster-ssdp source on the pod-side interface', () => {
  let topo: Topology;
  let pod: HostProcess | undefined;
  let source: HostProcess;

  beforeAll(async () => {
    topo = await Topology.create({ tvs: 0, family: 'dbtsc' });
    pod = await startHost(topo.bed, 'pod', podServer);
    source = await startHost(topo.bed, 'node', { mode: 'cluster', iface: 'cni0', searchIntervalMs: 2_000 });
  });
  afterAll(async () => {
    await pod?.stop('SIGKILL');
    await source?.stop('SIGKILL');
    await topo?.destroy();
  });

  it('finds the pod MediaServer by SSDP and reports it up with its description', async () => {
    const up = await source.next('source', 10_000, isSource('up', POD_IP));
    expect(up).toMatchObject({ kind: 'up', location: `http://${POD_IP}:8200/u/k1/rootDesc.xml`, hasDescription: true });
  });

  it('follows the server to a new address (same UDN): up at the new LOCATION, then down at the old', async () => {
    await pod!.stop('SIGKILL'); // vanishes without byebye, as a killed pod does
    await topo.bed.exec('pod', 'ip', ['addr', 'flush', 'dev', 'eth0']);
    await topo.bed.exec('pod', 'ip', ['addr', 'add', `${POD_IP_MOVED}/24`, 'dev', 'eth0']);
    await topo.bed.multicastRoute(topo.ns('pod'), 'eth0');
    pod = await startHost(topo.bed, 'pod', podServer);
    const up = await source.next('source', 10_000, isSource('up', POD_IP_MOVED));
    const down = await source.next('source', 5_000, isSource('down', POD_IP));
    expect(up.location).toBe(`http://${POD_IP_MOVED}:8200/u/k1/rootDesc.xml`);
    expect(down.reason).toBe(`moved to http://${POD_IP_MOVED}:8200/u/k1/rootDesc.xml`);
    expect(source.events.indexOf(up)).toBeLessThan(source.events.indexOf(down));
  });

  it('ssdp:byebye from the pod reports it down', async () => {
    await pod!.stop('SIGTERM');
    pod = undefined;
    const down = await source.next('source', 5_000, isSource('down', POD_IP_MOVED));
    expect(String(down.reason)).toMatch(/^ssdp:byebye; description fetch failed/); // confirmed by a fetch first (issue 10)
  });
});
