// The seed incident and its fix. A DLNA server on the pod
// network is invisible to the TVs on the LAN; with the bridge on the node,
// every TV (three independent control points) finds it at the node's address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementsMet } from '../helpers/requirements.js';
import { MEDIA_SERVER, MINIDLNA_UUID, NODE_LAN_IP, POD_IP, Topology, type RunningBridge } from '../helpers/topology.js';

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
    const [onCni, onLan] = await Promise.all([
      topo.gssdpDiscover('node', 2, MEDIA_SERVER, 'available', 'cni0'),
      topo.gssdpDiscover('node', 2, MEDIA_SERVER),
    ]);
    expect(onCni).toContainEqual({
      type: 'available',
      usn: `uuid:${MINIDLNA_UUID}::${MEDIA_SERVER}`,
      location: `http://${POD_IP}:8200/rootDesc.xml`,
    });
    expect(onLan).toEqual([]);
  });

  it('without the bridge, no TV finds anything (gssdp-discover and node-ssdp client)', async () => {
    const [gssdp, nodeSsdp] = await Promise.all([
      topo.gssdpDiscover('tv1', 2, 'ssdp:all'),
      topo.nodeSsdpSearch('tv2', 2000, 'ssdp:all'),
    ]);
    expect(gssdp).toEqual([]);
    expect(nodeSsdp).toEqual([]);
  });

  describe('with the bridge on the node (--upstream minidlna)', () => {
    let bridge: RunningBridge;
    beforeAll(async () => {
      bridge = await topo.startBridge(['--upstream', `http://${POD_IP}:8200/rootDesc.xml`, '--log-level', 'debug']);
    });
    afterAll(async () => {
      await bridge?.stop();
    });

    const location = `http://${NODE_LAN_IP}:8200/u/${MINIDLNA_UUID}/rootDesc.xml`;

    it('every TV finds the server at the node LAN address: gssdp-discover (tv1) and node-ssdp client (tv2)', async () => {
      const [gssdp, nodeSsdp] = await Promise.all([
        topo.gssdpDiscover('tv1', 3, MEDIA_SERVER),
        topo.nodeSsdpSearch('tv2', 3000, MEDIA_SERVER),
      ]);
      expect(gssdp).toContainEqual({ type: 'available', usn: `uuid:${MINIDLNA_UUID}::${MEDIA_SERVER}`, location });
      expect(nodeSsdp.map((h) => [h['ST'], h['USN'], h['LOCATION']])).toContainEqual([
        MEDIA_SERVER,
        `uuid:${MINIDLNA_UUID}::${MEDIA_SERVER}`,
        location,
      ]);
    });

    it('`dlna-bridge discover` in the lan namespace lists the server, its LOCATION reachable', async () => {
      const discover = await topo.discover('tv2', ['--timeout', '3', '--st', MEDIA_SERVER]);
      expect(discover.code, discover.stderr).toBe(0);
      const servers = JSON.parse(discover.stdout) as Array<Record<string, unknown>>;
      expect(servers).toContainEqual(
        expect.objectContaining({
          udn: `uuid:${MINIDLNA_UUID}`,
          location,
          reachable: true,
          friendlyName: expect.any(String),
        }),
      );
    });
  });
});
