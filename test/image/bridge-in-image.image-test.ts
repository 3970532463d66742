// The built image, run as the DaemonSet runs it (deploy/base/dlna-bridge.yaml:
// uid 65532, read-only root file system, no privileges, its args and
// environment), in the node namespace of the demo's network (src/demo/lab.ts)
// with the demo's minidlna in the pod: the TV on the LAN finds the server and
// browses it through the containerised bridge. scripts/image-test.sh builds
// the image and runs this file with DLNA_BRIDGE_TEST_IMAGE set.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browseInNamespace } from '../../src/demo/browse-in-namespace.js';
import { ensureClips, type Clip } from '../../src/demo/clips.js';
import { CONTENT_DIRECTORY } from '../../src/demo/content-directory.js';
import { Lab, LAB_ADDRESSES as A, removeStaleLabs } from '../../src/demo/lab.js';
import { writeMinidlnaConfig, MINIDLNA_PORT } from '../../src/demo/minidlna.js';
import { parseServiceUrls } from '../../src/bridge/upnp/service-urls.js';
import { cliPath, repoRoot } from '../helpers/cli.js';
import { requirementsMet } from '../helpers/requirements.js';
import { daemonSetContainer, podmanRunFlags, type ContainerRun } from './daemonset-container.js';
import { IMAGE_TEST_LABEL, PODMAN_LIMITS, podman, podmanOk } from './podman.js';

const IMAGE = process.env['DLNA_BRIDGE_TEST_IMAGE'];
const TOOLS = ['ip', 'minidlnad', 'ffmpeg', 'ffprobe', 'curl', 'podman', 'runc'];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const title = (c: Clip): string => c.file.replace(/\.[^.]+$/, '');

interface Discovered {
  location: string;
  friendlyName?: string;
  reachable?: boolean;
}

if (!IMAGE)
  throw new Error(
    'DLNA_BRIDGE_TEST_IMAGE is not set: run scripts/image-test.sh, which builds the image and runs this test',
  );

describe.skipIf(!requirementsMet(TOOLS))(`the image ${IMAGE}, run as the DaemonSet runs it`, () => {
  let lab: Lab;
  let clips: Clip[];
  let run: ContainerRun;
  let found: Discovered | undefined;
  const container = `dlna-bridge-image-test-${process.pid}`;

  beforeAll(async () => {
    await removeStaleLabs();
    lab = await Lab.create();
    clips = await ensureClips(path.join(lab.workDir, 'media'));
    const setup = await writeMinidlnaConfig({
      workDir: path.join(lab.workDir, 'minidlna'),
      mediaDir: path.join(lab.workDir, 'media'),
      networkInterface: 'eth0',
    });
    const [cmd, ...args] = setup.command;
    const minidlna = lab.spawn('pod', cmd, args);
    minidlna.stdout?.resume();
    minidlna.stderr?.resume();
    // minidlna has scanned the clips: the node sees all of them on the pod address.
    const podControl = `http://${A.pod}:${MINIDLNA_PORT}/ctl/ContentDir`;
    let listed = 0;
    for (let i = 0; i < 120 && listed < clips.length; i++) {
      listed = (
        await browseInNamespace(lab.ns('node'), podControl, '64').catch(() => ({ objects: [] }))
      ).objects.filter((o) => !o.isContainer).length;
      if (listed < clips.length) await sleep(250);
    }
    if (listed < clips.length) throw new Error(`minidlna in the pod listed ${listed} of ${clips.length} clips`);

    const manifest = await readFile(path.join(repoRoot, 'deploy/base/dlna-bridge.yaml'), 'utf8');
    run = daemonSetContainer(manifest, { nodeAddress: A.nodeLan, nodeName: 'node', clusterInterface: 'cni0' });
    console.log(
      `image-test: podman run ${IMAGE} ${run.args.join(' ')} in ${lab.ns('node')} (${podmanRunFlags(run).join(' ')}); ${run.replaced.join(', ')} need a cluster: replaced by DLNA_BRIDGE_CLUSTER_INTERFACE=cni0`,
    );
    await podmanOk([
      'run',
      '--detach',
      '--name',
      container,
      '--label',
      IMAGE_TEST_LABEL,
      ...PODMAN_LIMITS,
      '--network',
      `ns:/run/netns/${lab.ns('node')}`,
      ...podmanRunFlags(run),
      IMAGE!,
      ...run.args,
    ]);
    // Ready: the admin endpoint answers where the kubelet probes it, and the bridge picked up minidlna.
    const admin = `http://${run.env['DLNA_BRIDGE_ADMIN_ADDRESS'] ?? '127.0.0.1'}:${run.env['DLNA_BRIDGE_ADMIN_PORT'] ?? '9180'}/readyz`;
    let logs = '';
    for (let i = 0; i < 150; i++) {
      logs = (await podman(['logs', container])).stderr;
      const ready = await lab.exec('node', 'curl', [
        '-sS',
        '--max-time',
        '2',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        admin,
      ]);
      if (ready.stdout === '200' && logs.includes('"upstream added"')) break;
      await sleep(200);
    }
    if (!logs.includes('"upstream added"'))
      throw new Error(`the bridge in the container did not pick up minidlna on cni0; its log:\n${logs.slice(-3000)}`);
  });

  afterAll(async () => {
    await podman(['rm', '--force', '--time', '0', container]);
    await lab?.destroy();
  });

  it('ships Node.js 24', async () => {
    expect((await podmanOk(['exec', container, 'node', '--version'])).trim()).toMatch(/^v24\./);
  });

  it('holds only the product: no demo, netns or fuzz files in /app/dist; `dlna-bridge demo` says so in one line, exit 2', async () => {
    const files = (await podmanOk(['exec', container, 'find', '/app/dist', '-type', 'f'])).trim().split('\n');
    expect(files).toContain('/app/dist/cli/main.js');
    expect(files.filter((f) => /^\/app\/dist\/(demo|netns)\/|\/fuzz(-harness)?\.js(\.map)?$/.test(f))).toEqual([]);
    const demo = await podman(['exec', container, 'dlna-bridge', 'demo']);
    expect(demo.code).toBe(2);
    expect(demo.stderr).toBe(
      'dlna-bridge: demo: not in this build: the container image ships the bridge only; run the demo from the npm package (sudo npm run demo)\n',
    );
  });

  it('runs as uid and gid 65532 with a read-only root file system and no capabilities', async () => {
    const [info] = JSON.parse(await podmanOk(['inspect', container])) as Array<{
      Config: { User: string };
      HostConfig: { ReadonlyRootfs: boolean };
      State: { Running: boolean; Pid: number };
    }>;
    expect(info!.State.Running).toBe(true);
    expect(info!.Config.User).toBe('65532:65532');
    expect(info!.HostConfig.ReadonlyRootfs).toBe(true);
    // What the kernel says about the bridge process itself, seen from the host.
    const status = await readFile(`/proc/${info!.State.Pid}/status`, 'utf8');
    expect(status).toMatch(/^Uid:\s+65532\s+65532\s+65532\s+65532$/m);
    expect(status).toMatch(/^Gid:\s+65532\s+65532\s+65532\s+65532$/m);
    expect(status).toMatch(/^CapEff:\s+0+$/m);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
    // Not even /tmp is writable (Kubernetes' readOnlyRootFilesystem mounts no tmpfs).
    for (const target of ['/tmp/probe', '/app/probe']) {
      const touch = await podman(['exec', container, 'touch', target]);
      expect(touch.code, target).not.toBe(0);
      expect(touch.stderr).toContain('Read-only file system');
    }
  });

  it("the TV finds the server at the node's LAN address, reachable", async () => {
    const r = await lab.exec(
      'tv',
      process.execPath,
      [cliPath, 'discover', '--interface', 'eth0', '--timeout', '3', '--json'],
      { timeoutMs: 30_000 },
    );
    const servers = JSON.parse(r.stdout) as Discovered[];
    found = servers.find((s) =>
      s.location.startsWith(`http://${A.nodeLan}:${run.env['DLNA_BRIDGE_HTTP_PORT'] ?? '8200'}/`),
    );
    expect(found, JSON.stringify(servers)).toBeDefined();
    expect(found!.friendlyName).toBe('Pod Media (minidlna)'); // minidlna's name in the demo
    expect(found!.reachable).toBe(true);
  });

  it('Browse from the TV through the containerised bridge lists the clips, with media URLs on the node; a clip downloads intact', async () => {
    expect(found).toBeDefined();
    const desc = await lab.exec('tv', 'curl', ['-sS', '--max-time', '5', found!.location]);
    expect(desc.stdout).not.toContain(A.pod);
    const control = parseServiceUrls(desc.stdout, found!.location).find(
      (s) => s.serviceType === CONTENT_DIRECTORY,
    )?.controlUrl;
    expect(control).toMatch(new RegExp(`^http://${A.nodeLan.replace(/\./g, '\\.')}:`));
    const items = (await browseInNamespace(lab.ns('tv'), control!, '64')).objects.filter((o) => !o.isContainer);
    expect(items.map((o) => o.title).sort()).toEqual(clips.map(title).sort());
    for (const url of items.flatMap((o) => o.resources.map((r) => r.url)))
      expect(url.startsWith(`http://${A.nodeLan}:`), url).toBe(true);

    const clip = clips.find((c) => c.container === 'mkv')!;
    const url = items.find((o) => o.title === title(clip))!.resources[0]!.url;
    const got = await lab.exec('tv', 'curl', [
      '-sS',
      '--max-time',
      '20',
      '-o',
      path.join(lab.workDir, 'download'),
      '-w',
      '%{http_code}',
      url,
    ]);
    expect(got.stdout).toBe('200');
    const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    expect(sha(await readFile(path.join(lab.workDir, 'download')))).toBe(sha(await readFile(clip.path)));
  });

  it('podman stop (SIGTERM, as the kubelet stops it): the bridge exits 0 within the grace period', async () => {
    const started = Date.now();
    await podmanOk(['stop', '--time', '10', container], 30_000);
    const [info] = JSON.parse(await podmanOk(['inspect', container])) as Array<{ State: { ExitCode: number } }>;
    expect(info!.State.ExitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
