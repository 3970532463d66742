// Real DLNA servers (Debian's minidlna, gerbera and rygel)
// each in a pod namespace with no route out, behind the bridge in both source
// modes (--upstream with the server's description URL, --cluster-interface
// cni0), driven from the TV's namespace as a TV drives them (the checks below).
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirementsMet } from '../helpers/requirements.js';
import { repoRoot } from '../helpers/cli.js';
import {
  CLIP_CACHE,
  execIn,
  MEDIA_SERVER,
  NODE_LAN_IP,
  POD_IP,
  Topology,
  tvIp,
  waitFor,
  type RunningBridge,
} from '../helpers/topology.js';
import { ensureClips, type Clip } from '../../src/demo/clips.js';
import { parseServiceUrls, type ServiceUrls } from '../../src/bridge/upnp/service-urls.js';
import { findMediaFolder, soapBrowse, type MediaFolder } from '../helpers/servers/content-directory.js';
import { genaRequest, startEventSink, type EventSink } from '../helpers/servers/gena.js';
import { startMinidlnaServer } from '../helpers/servers/minidlna.js';
import { startGerberaServer } from '../helpers/servers/gerbera.js';
import { startRygelServer } from '../helpers/servers/rygel.js';
import type { RunningServer, ServerLaunch } from '../helpers/servers/server.js';

// The checks:
//   found     gssdp-discover searching MediaServer:1 finds it at a LOCATION on the node
//             (rygel announces MediaServer:3 / ContentDirectory:3: found all the same)
//   browse    root, then the media folder (a sub-container), every URL on the node
//   paging    BrowseDirectChildren with StartingIndex/RequestedCount: pages add up to the whole
//   metadata  BrowseMetadata of an item: that one item, its <res> on the node
//   range     a ranged GET of a clip through its <res> URL: 206, the exact bytes of the file
//   event     SUBSCRIBE through the bridge; the server's NOTIFY reaches the TV's CALLBACK
//             (through the bridge's event relay: the pod has no route to the LAN at all);
//             renew and UNSUBSCRIBE: 200
//   gupnp     a control point on a stack we did not write (GUPnP 1.6 through PyGObject,
//             test/control-point/gupnp-browse.py) discovers, browses page by page and
//             fetches a byte range through the bridge
// The matrix and what each check found is printed at the end (the README's table).

const PYTHON = '/usr/bin/python3'; // Debian's, where python3-gi and the GUPnP typelibs are
const CONTROL_POINT = path.join(repoRoot, 'test/control-point/gupnp-browse.py');
const TOOLS = [PYTHON, 'ip', 'curl', 'ffmpeg', 'gssdp-discover', 'minidlnad', 'gerbera', 'rygel', 'dbus-daemon'];
const POD_NET = /198\.51\.100\.\d+/;
const NODE_ORIGIN = `http://${NODE_LAN_IP}:8200/u/`;
const CHECKS = ['found', 'browse', 'paging', 'metadata', 'range', 'event', 'gupnp'] as const;
type Check = (typeof CHECKS)[number];
const MODES = ['upstream', 'cluster-interface'] as const;
type Mode = (typeof MODES)[number];

/**
 * `notifies`: whether the server sends event NOTIFYs at all. Debian's minidlna
 * 1.3.0 accepts subscriptions, connects to the callback and never writes the
 * NOTIFY, also when subscribed directly on its own subnet with no bridge in
 * between (checked by hand): for it the event check is SUBSCRIBE, renew and
 * UNSUBSCRIBE only.
 */
const SERVERS: Array<{ name: string; notifies: boolean; start: (launch: ServerLaunch) => Promise<RunningServer> }> = [
  { name: 'minidlna', notifies: false, start: startMinidlnaServer },
  { name: 'gerbera', notifies: true, start: startGerberaServer },
  { name: 'rygel', notifies: true, start: startRygelServer },
];

/** server -> mode -> check -> 'ok' (a failed check keeps 'FAIL'). */
const matrix = new Map<string, Map<Mode, Map<Check, string>>>();
const versions = new Map<string, string>();
function mark(server: string, mode: Mode, check: Check): void {
  matrix.get(server)!.get(mode)!.set(check, 'ok');
}

describe.skipIf(!requirementsMet(TOOLS))('real DLNA servers behind the bridge, as a TV uses them', () => {
  let clips: Clip[] = [];
  const started = Date.now();
  beforeAll(async () => {
    clips = await ensureClips(CLIP_CACHE);
  });
  afterAll(() => {
    const lines = [
      `server x mode (${((Date.now() - started) / 1000).toFixed(1)} s in all)`,
      `| server | version | mode | ${CHECKS.join(' | ')} |`,
    ];
    for (const [server, modes] of matrix) {
      for (const [mode, checks] of modes)
        lines.push(
          `| ${server} | ${versions.get(server) ?? '?'} | ${mode} | ${CHECKS.map((c) => checks.get(c)).join(' | ')} |`,
        );
    }
    console.log(lines.join('\n'));
  });

  for (const server of SERVERS) {
    describe(server.name, () => {
      let topo: Topology;
      let running: RunningServer;
      matrix.set(server.name, new Map(MODES.map((m) => [m, new Map(CHECKS.map((c) => [c, 'FAIL']))])));

      beforeAll(async () => {
        topo = await Topology.create({ tvs: 1, family: 'dbtrs' });
        const mediaDir = await topo.tempDir('media');
        // A sub-folder: the TV must browse below the root to reach the files.
        await mkdir(path.join(mediaDir, 'Movies'), { recursive: true });
        for (const clip of clips) await copyFile(clip.path, path.join(mediaDir, 'Movies', clip.file));
        const workDir = await topo.tempDir(server.name);
        await mkdir(workDir, { recursive: true });
        running = await server.start({
          bed: topo.bed,
          host: 'pod',
          address: POD_IP,
          ifname: 'eth0',
          mediaDir,
          mediaFiles: clips.length,
          workDir,
        });
        versions.set(server.name, running.version);
      });
      afterAll(async () => {
        await running?.stop();
        await topo?.destroy();
      });

      for (const mode of MODES) {
        describe(`--${mode}`, () => {
          let bridge: RunningBridge;
          let location = '';
          let contentDirectory: ServiceUrls;
          let folder: MediaFolder;
          let sink: EventSink;

          beforeAll(async () => {
            bridge = await topo.startBridge(
              mode === 'upstream' ? ['--upstream', running.descriptionUrl] : ['--cluster-interface', 'cni0'],
            );
            sink = await startEventSink(topo.bed, 'tv1', tvIp(0), 49300);
          });
          afterAll(async () => {
            sink?.stop();
            await bridge?.stop();
          });

          it(`found: a TV searching for ${MEDIA_SERVER} finds it on the node`, async () => {
            const usn = `${running.udn}::${MEDIA_SERVER}`;
            const seen = await waitFor(
              'the TV to find the server',
              async () => {
                const found = await topo.gssdpDiscover('tv1', 2, MEDIA_SERVER);
                return found.find((s) => s.usn === usn && s.type === 'available');
              },
              20_000,
              0,
            );
            location = seen.location!;
            expect(location.startsWith(NODE_ORIGIN)).toBe(true);
            const desc = await topo.get('tv1', location);
            expect(desc.status).toBe(200);
            const text = desc.body.toString('utf8');
            expect(text).toContain(`<UDN>${running.udn}</UDN>`);
            expect(text).toContain(`<deviceType>${running.deviceType}</deviceType>`);
            expect(text).not.toMatch(POD_NET);
            contentDirectory = parseServiceUrls(text, location).find((s) =>
              s.serviceType.startsWith('urn:schemas-upnp-org:service:ContentDirectory:'),
            )!;
            expect(contentDirectory.controlUrl.startsWith(NODE_ORIGIN)).toBe(true);
            expect(contentDirectory.eventSubUrl.startsWith(NODE_ORIGIN)).toBe(true);
            mark(server.name, mode, 'found');
          });

          it('browse: the root and the media folder below it; every URL on the node', async () => {
            const root = await soapBrowse(topo.ns('tv1'), contentDirectory.controlUrl, { objectId: '0' });
            expect(root.status, root.body.slice(0, 300)).toBe(200);
            expect(root.result!.objects.some((o) => o.isContainer)).toBe(true);
            expect(root.body).not.toMatch(POD_NET);
            folder = await findMediaFolder(topo.ns('tv1'), contentDirectory.controlUrl, clips.length);
            expect(folder.id).not.toBe('0');
            for (const item of folder.items) {
              expect(item.resources.length).toBeGreaterThan(0);
              for (const res of item.resources) expect(res.url.startsWith(NODE_ORIGIN), res.url).toBe(true);
            }
            mark(server.name, mode, 'browse');
          });

          it('paging: StartingIndex/RequestedCount pages add up to the whole folder', async () => {
            const all = await soapBrowse(topo.ns('tv1'), contentDirectory.controlUrl, { objectId: folder.id });
            const total = all.result!.totalMatches;
            expect(total).toBe(all.result!.objects.length);
            const ids: string[] = [];
            for (let start = 0; start < total; start += 2) {
              const page = await soapBrowse(topo.ns('tv1'), contentDirectory.controlUrl, {
                objectId: folder.id,
                start,
                count: 2,
              });
              expect(page.status).toBe(200);
              expect(page.result!.numberReturned).toBe(Math.min(2, total - start));
              expect(page.result!.totalMatches).toBe(total);
              ids.push(...page.result!.objects.map((o) => o.id));
            }
            expect(ids).toEqual(all.result!.objects.map((o) => o.id));
            mark(server.name, mode, 'paging');
          });

          it('metadata: BrowseMetadata of an item returns that item, its <res> on the node', async () => {
            const item = folder.items[0]!;
            const meta = await soapBrowse(topo.ns('tv1'), contentDirectory.controlUrl, {
              objectId: item.id,
              flag: 'BrowseMetadata',
            });
            expect(meta.status, meta.body.slice(0, 300)).toBe(200);
            expect(meta.result!.objects).toHaveLength(1);
            expect(meta.result!.objects[0]!.id).toBe(item.id);
            expect(meta.result!.objects[0]!.title).toBe(item.title);
            expect(meta.result!.objects[0]!.resources[0]!.url.startsWith(NODE_ORIGIN)).toBe(true);
            mark(server.name, mode, 'metadata');
          });

          it('range: a ranged GET through the <res> URL returns the exact bytes of the file', async () => {
            const clip = clips.reduce((a, b) => (b.bytes > a.bytes ? b : a));
            const stem = clip.file.replace(/\.[^.]+$/, '');
            const item = folder.items.find((i) => i.title.startsWith(stem))!;
            expect(item, `an item titled ${stem}`).toBeDefined();
            const res = item.resources.find((r) => r.size === undefined || r.size === clip.bytes)!;
            const part = await topo.get('tv1', res.url, ['Range: bytes=1000-4999']);
            expect(part.status).toBe(206);
            expect(part.headers).toMatch(new RegExp(`content-range: bytes 1000-4999/${clip.bytes}`, 'i'));
            const source = await readFile(clip.path);
            expect(Buffer.compare(part.body, source.subarray(1000, 5000))).toBe(0);
            mark(server.name, mode, 'range');
          });

          it("event: SUBSCRIBE through the bridge, the server's NOTIFY reaches the TV, renew and UNSUBSCRIBE answer 200", async () => {
            const ns = topo.ns('tv1');
            const sub = await genaRequest(ns, 'SUBSCRIBE', contentDirectory.eventSubUrl, {
              CALLBACK: `<${sink.callback}>`,
              NT: 'upnp:event',
              TIMEOUT: 'Second-300',
            });
            expect(sub.status).toBe(200);
            const sid = sub.headers['sid']!;
            expect(sid).toMatch(/^uuid:/);
            if (server.notifies) {
              const notify = await waitFor(
                'the initial event NOTIFY',
                () => sink.events.find((e) => e.headers['sid'] === sid),
                10_000,
                100,
              );
              expect(notify.method).toBe('NOTIFY');
              expect(notify.headers['nt']).toBe('upnp:event');
              expect(notify.body).toContain('propertyset');
              // Relayed by the bridge: the TV sees the node, never the pod.
              expect(notify.from).toBe(NODE_LAN_IP);
            }
            const renew = await genaRequest(ns, 'SUBSCRIBE', contentDirectory.eventSubUrl, {
              SID: sid,
              TIMEOUT: 'Second-300',
            });
            expect(renew.status).toBe(200);
            expect(renew.headers['sid']).toBe(sid);
            const unsub = await genaRequest(ns, 'UNSUBSCRIBE', contentDirectory.eventSubUrl, { SID: sid });
            expect(unsub.status).toBe(200);
            mark(server.name, mode, 'event');
          });

          it('gupnp: a GUPnP control point in the TV namespace discovers, browses and fetches through the bridge', async () => {
            const r = await execIn(topo.ns('tv1'), PYTHON, [CONTROL_POINT, 'eth0', running.udn, '15'], 40_000);
            const out = JSON.parse(r.stdout || '{}') as {
              error?: string;
              location: string;
              items: Array<{ title: string; url: string; size: number }>;
              fetched: { url: string; status: number; contentRange: string; sha256: string; bytes: number };
            };
            expect(out.error, r.stderr.slice(-1000)).toBeUndefined();
            expect(r.code).toBe(0);
            expect(out.location.startsWith(NODE_ORIGIN)).toBe(true);
            expect(out.items.length).toBeGreaterThanOrEqual(clips.length);
            for (const item of out.items) expect(item.url.startsWith(NODE_ORIGIN), item.url).toBe(true);
            const first = out.items[0]!;
            const clip = clips.find((c) => first.title.startsWith(c.file.replace(/\.[^.]+$/, '')))!;
            expect(out.fetched.status).toBe(206);
            expect(out.fetched.contentRange).toBe(`bytes 100-1099/${clip.bytes}`);
            const slice = (await readFile(clip.path)).subarray(100, 1100);
            expect(out.fetched.sha256).toBe(createHash('sha256').update(slice).digest('hex'));
            mark(server.name, mode, 'gupnp');
            if (!server.notifies)
              matrix.get(server.name)!.get(mode)!.set('event', 'ok (subscribe; the server sends no NOTIFY)');
          });
        });
      }
    });
  }
});
