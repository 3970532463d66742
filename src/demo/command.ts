// `dlna-bridge demo`: the product's story, run for real on this machine.
// A media server (minidlna) on a pod network, a TV on the LAN that cannot see
// it, the bridge on the node in between; then what the TV sees, browses and
// downloads through the bridge, and what lint and play-check say about the
// HEVC mkv. Every check prints "ok" or "UNEXPECTED"; the exit code is 0 only
// when all of them behaved as the product promises.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { CommandIo } from '../util/command-io.js';
import { DemoNeedsRootError, DemoToolsMissingError } from './errors.js';
import { ensureClips, type Clip } from './clips.js';
import { browseInNamespace } from './browse-in-namespace.js';
import { CONTENT_DIRECTORY, type DidlObject } from './content-directory.js';
import { Lab, LAB_ADDRESSES as A, removeStaleLabs, type LabHost } from './lab.js';
import { MINIDLNA_PORT, writeMinidlnaConfig } from './minidlna.js';
import type { NsRunResult } from '../netns/testbed.js';
import { Narrator } from './narrator.js';
import { parseServiceUrls } from '../bridge/upnp/service-urls.js';
import { STOCK_TV_PROFILE } from './tv-profile.js';
import { EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK } from '../util/exit-codes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.resolve(here, '../cli/main.js');
const PACKAGE_ROOT = path.resolve(here, '../..');
const SAFE_PROFILE = path.join(PACKAGE_ROOT, 'profiles', 'H.264-only TV (dlna-bridge).xml');
const REQUIRED_TOOLS = ['ip', 'minidlnad', 'ffmpeg', 'ffprobe', 'curl'];
const STEPS = 9;

/** The demo takes no options; the type keeps the shape every command has. */
export type DemoOptions = Record<string, never>;

interface DiscoveredServer {
  udn: string;
  location: string;
  friendlyName?: string;
  reachable?: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function checkPrerequisites(): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new DemoNeedsRootError(
      'needs root (it creates network namespaces); run `sudo npm run demo` or `sudo dlna-bridge demo`',
    );
  }
  const { execFileSync } = await import('node:child_process');
  const missing = REQUIRED_TOOLS.filter((t) => {
    try {
      execFileSync('sh', ['-c', `command -v ${t}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new DemoToolsMissingError(missing);
  }
}

export async function run(_options: DemoOptions, io: Pick<CommandIo, 'stdout'>): Promise<number> {
  await checkPrerequisites();
  const out = io.stdout;
  const n = new Narrator(out, STEPS);
  n.say('dlna-bridge demo: a TV on the LAN, a media server on the pod network, and the bridge between them.');
  n.say('Everything runs in network namespaces on this machine, with documentation addresses; nothing leaves it.');

  const stale = await removeStaleLabs();
  if (stale.length > 0) n.say(`(removed ${stale.length} leftover(s) of an earlier demo: ${stale.join(', ')})`);

  let lab: Lab | undefined;
  // Ctrl-C, SIGTERM or a crash: the namespaces and their processes go, whatever happens.
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted = signal;
    n.say(`\n${signal}: stopping the demo and removing its namespaces...`);
    void (lab?.destroy() ?? Promise.resolve()).finally(() => process.exit(130));
  };
  const onExit = (): void => lab?.destroySync();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', onExit);
  try {
    lab = await Lab.create();
    await story(lab, n);
  } catch (err) {
    // After Ctrl-C the namespaces vanish under the running step: that is no finding.
    if (!interrupted) n.unexpected(`the demo itself failed: ${(err as Error).stack ?? String(err)}`);
  } finally {
    await lab?.destroy();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('exit', onExit);
  }
  if (interrupted) return EXIT_INTERRUPTED;
  n.say('');
  if (n.failed.length === 0) {
    n.say('Result: every step behaved as expected. Namespaces and temporary files removed.');
    return EXIT_OK;
  }
  n.say(`Result: ${n.failed.length} step(s) did not behave as expected:`);
  for (const f of n.failed) n.say(`  - ${f.split('\n')[0]}`);
  n.say('Namespaces and temporary files removed.');
  return EXIT_FINDINGS;
}

async function story(lab: Lab, n: Narrator): Promise<void> {
  const cli = (host: LabHost, args: string[], timeoutMs = 30_000) =>
    lab.exec(host, process.execPath, [CLI, ...args], { timeoutMs });

  // 1. The network.
  n.step(`Building the network (namespaces ${lab.prefix}pod, -node, -lan, -tv)`);
  n.detail(
    [
      `pod  eth0 ${A.pod}  <->  cni0 ${A.nodeCni}  node  eth0 ${A.nodeLan}  <->  LAN (bridge)  <->  eth0 ${A.tv}  tv`,
      '(the pod network is routed to the node only; the TV can reach the node, never the pod)',
    ].join('\n'),
  );
  n.ok('namespaces and links are up');

  // 2. The media server in the pod.
  n.step('Starting minidlna in the pod, serving three generated clips (one of them an HEVC 10-bit mkv)');
  const clips = await ensureClips(path.join(lab.workDir, 'media'));
  for (const c of clips)
    n.detail(`${c.file}  (${c.container}, ${c.videoCodec ?? 'audio only'}/${c.audioCodec}, ${c.bytes} bytes)`);
  const setup = await writeMinidlnaConfig({
    workDir: path.join(lab.workDir, 'minidlna'),
    mediaDir: path.join(lab.workDir, 'media'),
    networkInterface: 'eth0',
    notifyInterval: 5,
    friendlyName: 'Pod Media (minidlna)',
  });
  const [cmd, ...args] = setup.command;
  n.command('pod', setup.command.join(' '));
  const minidlna = lab.spawn('pod', cmd, args);
  minidlna.stdout?.resume();
  minidlna.stderr?.resume();
  const podControl = `http://${A.pod}:${MINIDLNA_PORT}/ctl/ContentDir`;
  let listed: DidlObject[] = [];
  for (let i = 0; i < 80 && listed.length < clips.length; i++) {
    listed = await browse(lab, 'node', podControl, '64').catch(() => []);
    if (listed.length < clips.length) await sleep(250);
  }
  n.check(
    listed.length >= clips.length,
    `minidlna lists ${listed.map((o) => o.title).join(', ')}`,
    `minidlna did not list the clips (saw ${listed.length})`,
  );

  // 3. Without the bridge.
  n.step('Without the bridge: the TV searches for media servers');
  n.command('tv', 'dlna-bridge discover --interface eth0 --timeout 3');
  const before = await discover(cli, 'tv', 'eth0');
  n.check(
    before.length === 0,
    'the TV finds nothing: the server announces itself only on the pod network',
    `the TV found ${before.length} server(s) without the bridge`,
  );
  n.command('node', 'dlna-bridge discover --interface cni0 --timeout 3');
  const onPodSide = await discover(cli, 'node', 'cni0');
  const podServer = onPodSide.find((s) => s.location.includes(A.pod));
  n.check(
    Boolean(podServer),
    `seen from the node on cni0: "${podServer?.friendlyName}" at ${podServer?.location}`,
    'the node does not see the server on cni0',
  );
  const direct = await lab.exec('tv', 'curl', [
    '-sS',
    '--max-time',
    '2',
    '-o',
    '/dev/null',
    `http://${A.pod}:${MINIDLNA_PORT}/rootDesc.xml`,
  ]);
  n.check(
    direct.code !== 0,
    `and the TV cannot reach that address (curl: ${direct.stderr.trim().replace(/^curl: \(\d+\) /, '')})`,
    'the TV reached the pod address directly',
  );

  // 4. The bridge.
  n.step('Starting the bridge on the node');
  const serveArgs = ['serve', '--lan-interface', 'eth0', '--cluster-interface', 'cni0', '--admin-port', '9180'];
  n.command('node', `dlna-bridge ${serveArgs.join(' ')}`);
  const bridge = lab.spawn('node', process.execPath, [CLI, ...serveArgs]);
  bridge.stdout?.resume();
  const logs: Array<Record<string, unknown>> = [];
  createInterface({ input: bridge.stderr! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      logs.push({ msg: line });
    }
  });
  const exited = new Promise<number | null>((r) => bridge.once('exit', (code) => r(code)));
  for (let i = 0; i < 100 && !logs.some((l) => l['msg'] === 'upstream added') && bridge.exitCode === null; i++)
    await sleep(100);
  const added = logs.find((l) => l['msg'] === 'upstream added');
  n.check(
    Boolean(added),
    `the bridge found "${String(added?.['name'])}" on cni0 and announces it on the LAN`,
    `the bridge did not pick up the server:\n${logs
      .map((l) => JSON.stringify(l))
      .join('\n')
      .slice(-1500)}`,
  );

  // 5. Found.
  n.step('With the bridge: the TV searches again');
  n.command('tv', 'dlna-bridge discover --interface eth0 --timeout 3');
  const after = await discover(cli, 'tv', 'eth0');
  const found = after.find((s) => s.location.startsWith(`http://${A.nodeLan}:`));
  n.check(
    Boolean(found?.reachable),
    `found "${found?.friendlyName}" at ${found?.location} (reachable from the TV)`,
    `the TV did not find a reachable server on the node (found: ${JSON.stringify(after)})`,
  );

  // 6. Browse.
  n.step('The TV browses the server (ContentDirectory Browse, through the bridge)');
  let items: DidlObject[] = [];
  if (found) {
    const desc = await lab.exec('tv', 'curl', ['-sS', '--max-time', '5', found.location]);
    const control = parseServiceUrls(desc.stdout, found.location).find(
      (s) => s.serviceType === CONTENT_DIRECTORY,
    )?.controlUrl;
    n.check(
      !desc.stdout.includes(A.pod) && Boolean(control),
      'the description the TV fetched names no pod address',
      'the description still names the pod address',
    );
    if (control) {
      n.command('tv', `curl -H 'SOAPACTION: "${CONTENT_DIRECTORY}#Browse"' --data-binary @browse.xml ${control}`);
      items = await browse(lab, 'tv', control, '64').catch(() => []);
      for (const o of items) n.detail(`${o.title.padEnd(28)} ${o.resources[0]?.url ?? ''}`);
      const onNode = items.flatMap((o) => o.resources).every((r) => r.url.startsWith(`http://${A.nodeLan}:`));
      n.check(
        items.length === clips.length && onNode,
        `${items.length} items, every media URL on the node (${A.nodeLan})`,
        `Browse gave ${items.length} items; URLs: ${items.map((o) => o.resources[0]?.url).join(', ')}`,
      );
    }
  }

  // 7. Download.
  n.step('The TV downloads the HEVC mkv through the bridge');
  const mkvClip = clips.find((c) => c.container === 'mkv') as Clip;
  const mkvItem = items.find((o) => o.title === mkvClip.file.replace(/\.[^.]+$/, ''));
  const downloaded = path.join(lab.workDir, 'tv-downloads', mkvClip.file);
  if (mkvItem?.resources[0]) {
    await mkdir(path.dirname(downloaded), { recursive: true });
    const url = mkvItem.resources[0].url;
    n.command('tv', `curl -o '${path.basename(downloaded)}' ${url}`);
    const got = await lab.exec('tv', 'curl', ['-sS', '--max-time', '20', '-o', downloaded, '-w', '%{http_code}', url]);
    const source = await readFile(mkvClip.path);
    const copy = await readFile(downloaded).catch(() => Buffer.alloc(0));
    const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
    n.check(
      got.stdout === '200' && sha(copy) === sha(source),
      `${copy.length} bytes, sha256 ${sha(copy).slice(0, 16)}... identical to the file in the pod`,
      `download gave HTTP ${got.stdout} and ${copy.length} bytes (source ${source.length})`,
    );
    const ranged = await lab.exec('tv', 'curl', [
      '-sS',
      '--max-time',
      '10',
      '-H',
      'Range: bytes=1000-1999',
      '-o',
      `${downloaded}.part`,
      '-w',
      '%{http_code}',
      url,
    ]);
    const part = await readFile(`${downloaded}.part`).catch(() => Buffer.alloc(0));
    n.check(
      ranged.stdout === '206' && part.equals(source.subarray(1000, 2000)),
      'a ranged request (Range: bytes=1000-1999, as a TV seeking) got 206 and exactly those bytes',
      `ranged request gave HTTP ${ranged.stdout} and ${part.length} bytes`,
    );
  } else n.unexpected('no HEVC mkv in the Browse result to download');

  // 8. Will the TV play it?
  n.step('Will this TV play the HEVC mkv? What `profile lint` and `play-check` say');
  const stock = path.join(lab.workDir, 'Demo Living-room TV.xml');
  await writeFile(stock, STOCK_TV_PROFILE);
  const media = mkvItem ? downloaded : mkvClip.path;
  n.say("      The TV's profile as shipped claims it plays everything (empty container and codec lists):");
  n.command('node', `dlna-bridge profile lint '${path.basename(stock)}'`);
  const lint = await cli('node', ['profile', 'lint', stock]);
  n.detail(lint.stdout.trim().replace(new RegExp(lab.workDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '/', 'g'), ''));
  n.check(
    lint.code === 1,
    'lint: errors, as expected (exit 1): this profile lets hevc and mkv through untouched',
    `lint exited ${lint.code}: ${lint.stderr.trim()}`,
  );
  n.command('node', `dlna-bridge play-check '${path.basename(media)}' --profile '${path.basename(stock)}'`);
  const playStock = await cli('node', ['play-check', media, '--profile', stock]);
  n.detail(pick(playStock.stdout, ['decision:', 'verdict:']));
  n.check(
    playStock.code === 1,
    'play-check: Direct Play of an HEVC mkv to a TV that cannot decode it (exit 1)',
    `play-check exited ${playStock.code}: ${playStock.stderr.trim()}`,
  );
  n.say("      The project's H.264-safe profile (profiles/H.264-only TV (dlna-bridge).xml):");
  n.command(
    'node',
    `dlna-bridge play-check '${path.basename(media)}' --profile '${path.relative(PACKAGE_ROOT, SAFE_PROFILE)}'`,
  );
  const playSafe = await cli('node', ['play-check', media, '--profile', SAFE_PROFILE]);
  n.detail(pick(playSafe.stdout, ['decision:', 'TV gets:', 'verdict:']));
  n.check(
    playSafe.code === 0,
    'play-check: Jellyfin transcodes to H.264 and the TV can play it (exit 0)',
    `play-check exited ${playSafe.code}: ${playSafe.stderr.trim()}`,
  );

  // 9. Goodbye.
  n.step('Stopping the bridge (SIGTERM): it says byebye before it exits');
  const heard = await listenForByebye(lab, async () => {
    bridge.kill('SIGTERM');
    return exited;
  });
  n.check(heard.exitCode === 0, 'the bridge exited 0', `the bridge exited ${heard.exitCode}`);
  n.check(
    heard.byebyes > 0,
    `the TV heard ${heard.byebyes} ssdp:byebye message(s) from ${A.nodeLan}, so it drops the server at once`,
    'the TV heard no byebye',
  );
}

/** The lines of play-check's text output that tell the story. */
function pick(text: string, prefixes: string[]): string {
  return text
    .split('\n')
    .filter((l) => prefixes.some((p) => l.trim().startsWith(p)))
    .map((l) => l.trim())
    .join('\n');
}

async function discover(
  cli: (host: LabHost, args: string[]) => Promise<NsRunResult>,
  host: LabHost,
  iface: string,
): Promise<DiscoveredServer[]> {
  const r = await cli(host, ['discover', '--interface', iface, '--timeout', '3', '--json']);
  try {
    return JSON.parse(r.stdout) as DiscoveredServer[];
  } catch {
    throw new Error(`dlna-bridge discover in ${host} gave no JSON (exit ${r.code}): ${r.stderr.slice(0, 500)}`);
  }
}

async function browse(lab: Lab, host: LabHost, controlUrl: string, objectId: string): Promise<DidlObject[]> {
  return (await browseInNamespace(lab.ns(host), controlUrl, objectId)).objects.filter((o) => !o.isContainer);
}

/** Listens on the TV's SSDP port while `act` runs; counts byebyes from the node. */
async function listenForByebye(
  lab: Lab,
  act: () => Promise<number | null>,
): Promise<{ byebyes: number; exitCode: number | null }> {
  const code = `
    import dgram from 'node:dgram';
    const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    s.on('message', (m, r) => { if (r.address === '${A.nodeLan}' && /^NTS:\\s*ssdp:byebye/im.test(m.toString('latin1'))) process.stdout.write('bye\\n'); });
    s.bind(1900, () => { s.addMembership('239.255.255.250'); process.stdout.write('ready\\n'); });
  `;
  const listener = lab.spawn('tv', process.execPath, ['--input-type=module', '-e', code]);
  let byebyes = 0;
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  createInterface({ input: listener.stdout! }).on('line', (line) => {
    if (line === 'ready') ready();
    else if (line === 'bye') byebyes++;
  });
  await Promise.race([isReady, sleep(3000)]);
  const exitCode = await Promise.race([act(), sleep(10_000).then(() => null)]);
  await sleep(300);
  listener.kill('SIGKILL');
  return { byebyes, exitCode };
}
