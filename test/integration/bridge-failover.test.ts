// The upstream goes away and comes back elsewhere. The TV
// hears byebye (not a dead entry until max-age), /readyz says not ready, and
// when the server returns on another pod address the TV gets a fresh round
// with a higher BOOTID and can browse again, at the same node address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementsMet } from '../helpers/requirements.js';
import {
  MEDIA_SERVER,
  MINIDLNA_UUID,
  NODE_LAN_IP,
  POD_IP_MOVED,
  Topology,
  waitFor,
  type RunningBridge,
  type RunningMinidlna,
  type SsdpListener,
} from '../helpers/topology.js';
import { CONTENT_DIRECTORY } from '../../src/demo/content-directory.js';
import { parseServiceUrls } from '../../src/bridge/upnp/service-urls.js';

const TOOLS = ['ip', 'minidlnad', 'ffmpeg', 'curl'];
const USN = `uuid:${MINIDLNA_UUID}::${MEDIA_SERVER}`;
const LOCATION = `http://${NODE_LAN_IP}:8200/u/${MINIDLNA_UUID}/rootDesc.xml`;

describe.skipIf(!requirementsMet(TOOLS))(
  'bridge: upstream lost and back on another address (--cluster-interface cni0)',
  () => {
    let topo: Topology;
    let bridge: RunningBridge;
    let minidlna: RunningMinidlna;
    let tv: SsdpListener;

    beforeAll(async () => {
      topo = await Topology.create({ tvs: 1 });
      minidlna = await topo.startMinidlna();
      tv = await topo.listen('tv1');
      bridge = await topo.startBridge(['--cluster-interface', 'cni0']);
    });
    afterAll(async () => {
      tv?.stop();
      await bridge?.stop();
      await topo?.destroy();
    });

    const notifies = (nts: string) =>
      tv.messages.filter((m) => m.headers['nts'] === nts && m.headers['usn'] === USN && m.from === NODE_LAN_IP);

    it('announced: alive rounds with BOOTID reach the TV, /readyz ready', async () => {
      const alive = await waitFor('ssdp:alive at the TV', () => notifies('ssdp:alive')[0]);
      expect(alive.headers['location']).toBe(LOCATION);
      expect(Number(alive.headers['bootid.upnp.org'])).toBeGreaterThan(0);
      expect((await bridge.admin('/readyz')).status).toBe(200);
    });

    it('upstream stopped (SIGTERM, as a pod deletion does): byebye reaches the TV within seconds, /readyz turns false, the proxy answers 502', async () => {
      const bootId = notifies('ssdp:alive')[0]!.headers['bootid.upnp.org'];
      const killedAt = Date.now();
      await minidlna.stop();
      const bye = await waitFor('ssdp:byebye at the TV', () => notifies('ssdp:byebye')[0], 8_000);
      expect(bye.headers['bootid.upnp.org']).toBe(bootId);
      expect(bye.t - killedAt).toBeLessThan(5_000);
      const ready = await bridge.admin('/readyz');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toMatchObject({ ready: false });
      const desc = await topo.get('tv1', LOCATION);
      expect(desc.status).toBe(502);
      expect(bridge.process.exitCode).toBeNull();
    });

    it('upstream back on another pod address: a new round with a higher BOOTID, browsing works again', async () => {
      const oldBootId = Number(notifies('ssdp:alive')[0]!.headers['bootid.upnp.org']);
      const before = tv.messages.length;
      minidlna = await topo.startMinidlna({ address: POD_IP_MOVED });
      const alive = await waitFor(
        'a new alive round',
        () => tv.messages.slice(before).find((m) => m.headers['nts'] === 'ssdp:alive' && m.headers['usn'] === USN),
        10_000,
      );
      expect(Number(alive.headers['bootid.upnp.org'])).toBeGreaterThan(oldBootId);
      expect(alive.headers['location']).toBe(LOCATION);
      await waitFor('/readyz ready', async () => ((await bridge.admin('/readyz')).status === 200 ? true : undefined));

      const desc = await topo.get('tv1', LOCATION);
      expect(desc.status).toBe(200);
      const text = desc.body.toString('utf8');
      expect(text).not.toContain(POD_IP_MOVED);
      const cd = parseServiceUrls(text, LOCATION).find((s) => s.serviceType === CONTENT_DIRECTORY)!;
      const all = await topo.browseAll('tv1', cd.controlUrl, '64', 1);
      expect(all.objects.map((o) => o.title)).toContain('Test Pattern (HEVC 10-bit)');
      for (const o of all.objects)
        for (const r of o.resources) expect(r.url.startsWith(`http://${NODE_LAN_IP}:8200/`)).toBe(true);
    });
  },
);
