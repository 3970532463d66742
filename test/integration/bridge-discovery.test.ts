// Issue #3, test 1: the seed incident and its fix. A DLNA server on the pod
// network is invisible to the TVs on the LAN; with the bridge on the node,
// every TV (three independent control points) finds it at the node's address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementsMet } from '../helpers/requirements.js';
import { MEDIA_SERVER, MINIDLNA_UUID, POD_IP, Topology } from '../helpers/topology.js';

const TOOLS = ['ip', 'minidlnad', 'gssdp-discover', 'ffmpeg', 'curl'];

describe.skipIf(!requirementsMet(TOOLS))('bridge: discovery across the node', () => {
  let topo: Topology;

  beforeAll(async () => {
    topo = await Topology.create({ tvs: 2 });
    await topo.startMinidlna();
  });
  afterAll(async () => {
    await topo?.destroy();
  });

  it('negative control: minidlna announces on the pod network, seen from the node on cni0 only', async () => {
    const [onCni, onLan] = await Promise.all([topo.gssdpDiscover('node', 2, MEDIA_SERVER, 'available', 'cni0'), topo.gssdpDiscover('node', 2, MEDIA_SERVER)]);
    expect(onCni).toContainEqual({ type: 'available', usn: `uuid:${MINIDLNA_UUID}::${MEDIA_SERVER}`, location: `http://${POD_IP}:8200/rootDesc.xml` });
    expect(onLan).toEqual([]);
  });

  it('without the bridge, no TV finds anything (gssdp-discover and node-ssdp client)', async () => {
    const [gssdp, nodeSsdp] = await Promise.all([topo.gssdpDiscover('tv1', 2, 'ssdp:all'), topo.nodeSsdpSearch('tv2', 2000, 'ssdp:all')]);
    expect(gssdp).toEqual([]);
    expect(nodeSsdp).toEqual([]);
  });
});
