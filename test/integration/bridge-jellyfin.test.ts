// --upstream in Jellyfin mode. Given only the base URL, the
// bridge reads /System/Info/Public for the server id, announces the server
// with /dlna/{id}/description.xml behind it. Jellyfin (the fixture mirrors its
// DLNA plugin, v10) builds every URL from the Host it is sent, the pod's own
// address, and the bridge maps them all to the node under /u/{key}/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementsMet } from '../helpers/requirements.js';
import { MEDIA_SERVER, NODE_LAN_IP, POD_IP, Topology, type RunningBridge } from '../helpers/topology.js';
import { CONTENT_DIRECTORY } from '../../src/demo/content-directory.js';
import { JELLYFIN_MOVIES_ID, JELLYFIN_SERVER_NAME } from '../fixtures/upstreams/jellyfin-like.js';
import { soapBrowse } from '../helpers/servers/content-directory.js';
import { genaRequest } from '../helpers/servers/gena.js';
import { parseServiceUrls } from '../../src/bridge/upnp/service-urls.js';

const TOOLS = ['ip', 'gssdp-discover', 'curl'];
const POD_NET = /198\.51\.100\.\d+/;

describe.skipIf(!requirementsMet(TOOLS))(
  'bridge: --upstream in Jellyfin mode (a Jellyfin-like server in the pod)',
  () => {
    let topo: Topology;
    let bridge: RunningBridge;
    let serverId = '';
    let location = '';

    beforeAll(async () => {
      topo = await Topology.create({ tvs: 1 });
      serverId = (await topo.startJellyfinLike(8096)).serverId;
      bridge = await topo.startBridge(['--upstream', `http://${POD_IP}:8096`]);
      location = `http://${NODE_LAN_IP}:8200/u/${serverId}/dlna/${serverId}/description.xml`;
    });
    afterAll(async () => {
      await bridge?.stop();
      await topo?.destroy();
    });

    it('the TV finds Jellyfin by its server id, LOCATION on the node at /dlna/{id}/description.xml', async () => {
      const seen = await topo.gssdpDiscover('tv1', 3, MEDIA_SERVER);
      expect(seen).toContainEqual({ type: 'available', usn: `uuid:${serverId}::${MEDIA_SERVER}`, location });
    });

    it('description and Browse results (Host-derived URLs, escaped DIDL-Lite) point only at the node; media streams with Range', async () => {
      const desc = await topo.get('tv1', location);
      expect(desc.status).toBe(200);
      const text = desc.body.toString('utf8');
      expect(text).toContain(`<friendlyName>${JELLYFIN_SERVER_NAME}</friendlyName>`);
      expect(text).not.toMatch(POD_NET);
      const cd = parseServiceUrls(text, location).find((s) => s.serviceType === CONTENT_DIRECTORY)!;
      expect(cd.controlUrl).toBe(`http://${NODE_LAN_IP}:8200/u/${serverId}/dlna/${serverId}/contentdirectory/control`);

      const root = await topo.browse('tv1', cd.controlUrl, '0');
      expect(root.objects.map((o) => [o.id, o.title, o.isContainer])).toEqual([[JELLYFIN_MOVIES_ID, 'Movies', true]]);
      const page = await topo.browse('tv1', cd.controlUrl, JELLYFIN_MOVIES_ID);
      expect(page.didl).not.toMatch(POD_NET);
      expect(page.objects.map((o) => o.title)).toEqual(['Movie 1', 'Movie 2']);
      const res = page.objects[0]!.resources[0]!.url;
      expect(res).toMatch(
        new RegExp(
          `^http://${NODE_LAN_IP.replace(/\./g, '\\.')}:8200/u/${serverId}/dlna/videos/${page.objects[0]!.id}/stream\\.mkv\\?.*&Static=true&.*&dlnaheaders=true$`,
        ),
      );
      const second = await soapBrowse(topo.ns('tv1'), cd.controlUrl, {
        objectId: JELLYFIN_MOVIES_ID,
        start: 1,
        count: 1,
      });
      expect(second.result!.objects.map((o) => o.title)).toEqual(['Movie 2']);
      expect([second.result!.numberReturned, second.result!.totalMatches]).toEqual([1, 2]);

      const full = await topo.get('tv1', res);
      const part = await topo.get('tv1', res, ['Range: bytes=100-199']);
      expect(full.status).toBe(200);
      expect(part.status).toBe(206);
      expect(Buffer.compare(part.body, full.body.subarray(100, 200))).toBe(0);
      expect(full.headers).toMatch(/transfermode\.dlna\.org: Streaming/i);
    });

    it("GENA: SUBSCRIBE through the bridge answers with the plugin's URL-encoded SID; UNSUBSCRIBE 200 (the plugin sends no NOTIFY)", async () => {
      const text = (await topo.get('tv1', location)).body.toString('utf8');
      const cd = parseServiceUrls(text, location).find((s) => s.serviceType === CONTENT_DIRECTORY)!;
      const sub = await genaRequest(topo.ns('tv1'), 'SUBSCRIBE', cd.eventSubUrl, {
        CALLBACK: '<http://192.0.2.50:49300/evt>',
        NT: 'upnp:event',
        TIMEOUT: 'Second-300',
      });
      expect(sub.status).toBe(200);
      expect(sub.headers['sid']).toMatch(/^uuid%3a[0-9a-f]{32}$/);
      const unsub = await genaRequest(topo.ns('tv1'), 'UNSUBSCRIBE', cd.eventSubUrl, { SID: sub.headers['sid']! });
      expect(unsub.status).toBe(200);
    });
  },
);
