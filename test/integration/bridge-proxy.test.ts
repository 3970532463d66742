// What the TV is told names only the node. The description
// and every Browse result come back through the bridge with the pod address
// gone, and media bytes arrive exactly as the pod serves them, ranges included.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementsMet } from '../helpers/requirements.js';
import {
  CLIP_CACHE,
  execIn,
  MINIDLNA_UUID,
  NODE_LAN_IP,
  POD_IP,
  Topology,
  type RunningBridge,
} from '../helpers/topology.js';
import { CONTENT_DIRECTORY } from '../../src/demo/content-directory.js';
import { parseServiceUrls } from '../../src/bridge/upnp/service-urls.js';
import { ensureClips } from '../../src/demo/clips.js';

const TOOLS = ['ip', 'minidlnad', 'ffmpeg', 'curl'];
const LOCATION = `http://${NODE_LAN_IP}:8200/u/${MINIDLNA_UUID}/rootDesc.xml`;
const POD_NET = /198\.51\.100\.\d+/;

describe.skipIf(!requirementsMet(TOOLS))('bridge: the HTTP side as the TV sees it (minidlna upstream)', () => {
  let topo: Topology;
  let bridge: RunningBridge;
  let description = '';

  beforeAll(async () => {
    topo = await Topology.create({ tvs: 1 });
    await topo.startMinidlna();
    bridge = await topo.startBridge(['--upstream', `http://${POD_IP}:8200/rootDesc.xml`]);
    // The source's first look is done by "bridge started"; the catalog has it.
    description = (await topo.get('tv1', LOCATION)).body.toString('utf8');
  });
  afterAll(async () => {
    await bridge?.stop();
    await topo?.destroy();
  });

  it('negative control: the pod address itself is unreachable from the TV', async () => {
    const r = await execIn(topo.ns('tv1'), 'curl', ['-sS', '--max-time', '2', `http://${POD_IP}:8200/rootDesc.xml`]);
    expect(r.code).not.toBe(0);
  });

  it('the description fetched from the lan side names no pod address and keeps the upstream UDN', () => {
    expect(description).toContain(`<UDN>uuid:${MINIDLNA_UUID}</UDN>`);
    expect(description).toContain('urn:schemas-upnp-org:device:MediaServer:1');
    expect(description).not.toMatch(POD_NET);
  });

  it('ContentDirectory Browse through the bridge lists every clip, every <res> URL on the node', async () => {
    const cd = parseServiceUrls(description, LOCATION).find((s) => s.serviceType === CONTENT_DIRECTORY);
    expect(cd?.controlUrl).toMatch(new RegExp(`^http://${NODE_LAN_IP.replace(/\./g, '\\.')}:8200/`));
    const all = await topo.browseAll('tv1', cd!.controlUrl);
    const titles = all.objects.map((o) => o.title).sort();
    expect(titles).toEqual(['Test Pattern (H.264)', 'Test Pattern (HEVC 10-bit)', 'Tone 440 Hz']);
    const urls = all.objects.flatMap((o) => o.resources.map((r) => r.url));
    expect(urls.length).toBeGreaterThanOrEqual(3);
    for (const url of urls) expect(url.startsWith(`http://${NODE_LAN_IP}:8200/u/${MINIDLNA_UUID}/`), url).toBe(true);
    // The raw DIDL of one page, escaped inside <Result>, has no pod address either.
    const page = await topo.browse('tv1', cd!.controlUrl, '64');
    expect(page.didl).not.toMatch(POD_NET);
  });

  it('a ranged GET of the HEVC mkv returns exactly the source bytes (206, Content-Range), a full GET the whole file', async () => {
    const cd = parseServiceUrls(description, LOCATION).find((s) => s.serviceType === CONTENT_DIRECTORY)!;
    const all = await topo.browseAll('tv1', cd.controlUrl);
    const mkv = all.objects.find((o) => o.title === 'Test Pattern (HEVC 10-bit)')!;
    const clip = (await ensureClips(CLIP_CACHE)).find((c) => c.file.endsWith('.mkv'))!;
    const source = await readFile(clip.path);
    const url = mkv.resources[0]!.url;

    const ranged = await topo.get('tv1', url, ['Range: bytes=1000-20999', 'getcontentFeatures.dlna.org: 1']);
    expect(ranged.status).toBe(206);
    expect(ranged.headers).toMatch(new RegExp(`content-range: bytes 1000-20999/${source.length}`, 'i'));
    expect(ranged.headers).toMatch(/contentfeatures\.dlna\.org: /i);
    expect(Buffer.compare(ranged.body, source.subarray(1000, 21000))).toBe(0);

    const whole = await topo.get('tv1', url);
    expect(whole.status).toBe(200);
    expect(whole.body.length).toBe(source.length);
    expect(Buffer.compare(whole.body, source)).toBe(0);
  });

  it('admin: /healthz ok, /readyz ready with one upstream, /metrics counts proxied requests', async () => {
    expect((await bridge.admin('/healthz')).status).toBe(200);
    const ready = await bridge.admin('/readyz');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toMatchObject({ ready: true });
    const metrics = await bridge.admin('/metrics');
    expect(metrics.body).toMatch(/^dlna_bridge_upstreams_up 1$/m);
    expect(metrics.body).toMatch(/^dlna_bridge_proxy_requests_total\{method="GET",code="206"\} [1-9]/m);
  });
});
