// Issue #3, test 5: --upstream in Jellyfin mode. Given only the base URL, the
// bridge reads /System/Info/Public for the server id, announces the server
// with /dlna/{id}/description.xml behind it, and the TV's Host header makes
// every URL Jellyfin builds point at the node (then under /u/{key}/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementsMet } from '../helpers/requirements.js';
import { MEDIA_SERVER, NODE_LAN_IP, POD_IP, Topology, type RunningBridge } from '../helpers/topology.js';
import { CONTENT_DIRECTORY } from '../../src/demo/content-directory.js';
import { parseServiceUrls } from '../../src/upnp/service-urls.js';

const TOOLS = ['ip', 'gssdp-discover', 'curl'];
const POD_NET = /198\.51\.100\.\d+/;

describe.skipIf(!requirementsMet(TOOLS))('bridge: --upstream in Jellyfin mode (a Jellyfin-like server in the pod)', () => {
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
    expect(text).toContain('<friendlyName>Jellyfin - jf-test</friendlyName>');
    expect(text).not.toMatch(POD_NET);
    const cd = parseServiceUrls(text, location).find((s) => s.serviceType === CONTENT_DIRECTORY)!;
    expect(cd.controlUrl).toBe(`http://${NODE_LAN_IP}:8200/u/${serverId}/dlna/${serverId}/contentdirectory/control`);

    const page = await topo.browse('tv1', cd.controlUrl, '0');
    expect(page.didl).not.toMatch(POD_NET);
    expect(page.objects.map((o) => o.title)).toEqual(['Movie 1', 'Movie 2']);
    const res = page.objects[0]!.resources[0]!.url;
    expect(res.startsWith(`http://${NODE_LAN_IP}:8200/u/${serverId}/dlna/videos/item1/stream.mkv?Static=true`)).toBe(true);

    const full = await topo.get('tv1', res);
    const part = await topo.get('tv1', res, ['Range: bytes=100-199']);
    expect(full.status).toBe(200);
    expect(part.status).toBe(206);
    expect(Buffer.compare(part.body, full.body.subarray(100, 200))).toBe(0);
    expect(full.headers).toMatch(/transfermode\.dlna\.org: Streaming/i);
  });
});
