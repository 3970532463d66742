// The seed incident as a test topology:
//
//   pod  eth0 198.51.100.2/24 ──veth── cni0 198.51.100.1/24  node  eth0 192.0.2.10/24 ──┐
//   (minidlna, port 8200)                                      (the bridge)              │ lan segment
//                                      tv1 eth0 192.0.2.50/24, tv2 .51 ... ──────────────┤ (br0, no IGMP snooping)
//                                      off  eth0 203.0.113.7/24 (optional, off-subnet) ──┘
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { nsRun, Testbed, type NsRunResult } from './netns.js';
import { cliPath, repoRoot } from './cli.js';
import { ensureClips, type Clip } from '../../src/demo/clips.js';
import { writeMinidlnaConfig, MINIDLNA_PORT } from '../../src/demo/minidlna.js';
import { browseInNamespace } from '../../src/demo/browse-in-namespace.js';
import type { BrowseResult } from '../../src/demo/content-directory.js';

// No default routes anywhere: nothing a test sends can leave the machine. The
// pod is reachable from the node (cni0) and from nowhere on the LAN, like a pod
// IP on a real cluster. TVs are driven by real control points run inside their
// namespace: gssdp-discover, node-ssdp's client, curl, and our own CLI.

export const POD_IP = '198.51.100.2';
export const POD_IP_MOVED = '198.51.100.3';
export const NODE_CNI_IP = '198.51.100.1';
export const NODE_LAN_IP = '192.0.2.10';
export const OFF_SUBNET_IP = '203.0.113.7';
export const tvIp = (i: number): string => `192.0.2.${50 + i}`;
export const MINIDLNA_UUID = '4d696e69-444c-164e-9d41-b827eb0a5e11';
export const MEDIA_SERVER = 'urn:schemas-upnp-org:device:MediaServer:1';

/** Shared by every test file: the clips are the same, make them once per machine. */
export const CLIP_CACHE = path.join(os.tmpdir(), 'dlna-bridge-test-clips');

export interface TopologyOptions {
  tvs?: number;
  /** Add a host with an off-subnet address (203.0.113.7) on the LAN wire, with on-link routes both ways. */
  offSubnetHost?: boolean;
  family?: string;
}

export interface RunningMinidlna {
  process: ChildProcess;
  address: string;
  descriptionUrl: string;
  clips: Clip[];
  /** Output so far (debug mode is chatty: kept for failure messages, bounded). */
  output(): string;
  stop(): Promise<void>;
}

export interface RunningBridge {
  process: ChildProcess;
  /** Parsed pino log lines so far. */
  logs: Array<Record<string, unknown>>;
  stderr(): string;
  exited: Promise<number | null>;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** GET on the admin server, from inside the node namespace. */
  admin(path: string): Promise<{ status: number; body: string }>;
}

export type ExecResult = NsRunResult;

/** Runs a program in a namespace to completion, never throwing on a non-zero exit. */
export function execIn(
  ns: string,
  cmd: string,
  args: string[],
  timeoutMs = 30_000,
  input?: string,
): Promise<ExecResult> {
  return nsRun(ns, cmd, args, { timeoutMs, cwd: repoRoot, ...(input !== undefined ? { input } : {}) });
}

export class Topology {
  readonly tvs: string[] = [];
  offSubnet?: string;
  private tmp = '';
  private minidlna?: RunningMinidlna;

  private constructor(readonly bed: Testbed) {}

  /** Namespace name of a short host name ('pod', 'node', 'tv1', 'off', 'lan'). */
  ns(short: string): string {
    return this.bed.name(short);
  }

  static async create(options: TopologyOptions = {}): Promise<Topology> {
    const family = options.family ?? 'dbtbr';
    await Testbed.removeStale(family);
    const topo = new Topology(new Testbed(family));
    try {
      await topo.build(options);
    } catch (err) {
      await topo.destroy();
      throw err;
    }
    return topo;
  }

  private async build(options: TopologyOptions): Promise<void> {
    const bed = this.bed;
    this.tmp = await mkdtemp(path.join(os.tmpdir(), `${bed.prefix}-`));
    const pod = await bed.addNamespace('pod');
    const node = await bed.addNamespace('node');
    await bed.link({
      a: { ns: pod, ifname: 'eth0', cidr: `${POD_IP}/24` },
      b: { ns: node, ifname: 'cni0', cidr: `${NODE_CNI_IP}/24` },
    });
    const lan = await bed.addSegment('lan');
    await lan.attach(node, 'eth0', `${NODE_LAN_IP}/24`);
    for (let i = 0; i < (options.tvs ?? 1); i++) {
      const short = `tv${i + 1}`;
      await lan.attach(await bed.addNamespace(short), 'eth0', `${tvIp(i)}/24`);
      this.tvs.push(short);
    }
    if (options.offSubnetHost) {
      const off = await bed.addNamespace('off');
      await lan.attach(off, 'eth0', `${OFF_SUBNET_IP}/24`);
      // testbed.md: the negative test must be able to fail, so an answer could reach it.
      await bed.exec('node', 'ip', ['route', 'add', '203.0.113.0/24', 'dev', 'eth0']);
      await bed.exec('off', 'ip', ['route', 'add', '192.0.2.0/24', 'dev', 'eth0']);
      this.offSubnet = 'off';
    }
  }

  /** A fresh temporary folder inside this topology's work dir (removed in destroy). */
  async tempDir(name: string): Promise<string> {
    const dir = path.join(this.tmp, name);
    await rm(dir, { recursive: true, force: true });
    return dir;
  }

  /**
   * Starts minidlna in the pod on `address` (the pod's eth0 gets that address),
   * and waits until its description is served and its scan listed every clip.
   */
  async startMinidlna(
    options: { address?: string; notifyInterval?: number; friendlyName?: string } = {},
  ): Promise<RunningMinidlna> {
    const address = options.address ?? POD_IP;
    const current = (await this.bed.exec('pod', 'ip', ['-4', '-o', 'addr', 'show', 'dev', 'eth0'])).match(
      /inet (\S+)/,
    )?.[1];
    if (current !== `${address}/24`) {
      await this.bed.exec('pod', 'ip', ['addr', 'flush', 'dev', 'eth0']);
      await this.bed.exec('pod', 'ip', ['addr', 'add', `${address}/24`, 'dev', 'eth0']);
      await this.bed.multicastRoute(this.ns('pod'), 'eth0');
    }
    const clips = await ensureClips(CLIP_CACHE);
    const work = await this.tempDir(`minidlna-${address}`);
    const setup = await writeMinidlnaConfig({
      workDir: work,
      mediaDir: CLIP_CACHE,
      networkInterface: 'eth0',
      notifyInterval: options.notifyInterval ?? 5,
      uuid: MINIDLNA_UUID,
      ...(options.friendlyName ? { friendlyName: options.friendlyName } : {}),
    });
    const [cmd, ...args] = setup.command;
    const child = this.bed.spawn('pod', cmd, args);
    let out = '';
    const keep = (d: Buffer): void => {
      out = (out + d.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const descriptionUrl = `http://${address}:${MINIDLNA_PORT}/rootDesc.xml`;
    const running: RunningMinidlna = {
      process: child,
      address,
      descriptionUrl,
      clips,
      output: () => out,
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await gone;
        clearTimeout(timer);
      },
    };
    this.minidlna = running;
    const controlUrl = `http://${address}:${MINIDLNA_PORT}/ctl/ContentDir`;
    const deadline = Date.now() + 20_000;
    let lastError = '';
    for (;;) {
      if (child.exitCode !== null) throw new Error(`minidlna exited (${child.exitCode}):\n${out.slice(-2000)}`);
      // 64 is minidlna's "Browse Folders": the media folder's files, one request.
      const found = await this.browseAll('node', controlUrl, '64', 1).catch((e) => {
        lastError = String(e);
        return null;
      });
      const titles = found?.objects.map((o) => o.title) ?? [];
      if (clips.every((c) => titles.includes(c.file.replace(/\.[^.]+$/, '')))) break;
      if (Date.now() > deadline)
        throw new Error(
          `minidlna did not list the clips in time (saw ${titles.join(', ')}; ${lastError}):\n${out.slice(-2000)}`,
        );
      await sleep(250);
    }
    return running;
  }

  /**
   * The Jellyfin-like upstream of test/fixtures/upstreams (helper D's), run in
   * the pod on 0.0.0.0:`port`. The fixture is TypeScript: it is transpiled to a
   * temporary folder (TypeScript's transpileModule) and run there with plain node.
   */
  async startJellyfinLike(port = 8096): Promise<{ serverId: string; stop(): void }> {
    const ts = (await import('typescript')).default;
    const { readFile, writeFile, mkdir } = await import('node:fs/promises');
    const dir = await this.tempDir('jellyfin-like');
    await mkdir(dir, { recursive: true });
    const src = path.join(repoRoot, 'test/fixtures/upstreams');
    for (const name of ['jellyfin-like', 'minidlna-like', 'media', 'soap']) {
      const out = ts.transpileModule(await readFile(path.join(src, `${name}.ts`), 'utf8'), {
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      });
      await writeFile(path.join(dir, `${name}.js`), out.outputText);
    }
    await writeFile(path.join(dir, 'package.json'), '{"type":"module"}\n');
    await writeFile(
      path.join(dir, 'main.js'),
      `import { startJellyfinLike } from './jellyfin-like.js';
       const up = await startJellyfinLike({});
       // The fixture listens on 127.0.0.1; in the pod it must face the pod network.
       await new Promise((r) => up.server.close(r));
       up.server.listen(${port}, '0.0.0.0', () => process.stdout.write(JSON.stringify({ serverId: up.serverId }) + '\\n'));
`,
    );
    const child = this.bed.spawn('pod', process.execPath, [path.join(dir, 'main.js')]);
    const line = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child.once('exit', (code) => reject(new Error(`jellyfin-like exited ${code}: ${err}`)));
      createInterface({ input: child.stdout! }).once('line', resolve);
    });
    return { serverId: (JSON.parse(line) as { serverId: string }).serverId, stop: () => child.kill('SIGTERM') };
  }

  /** Browses `objectId` with a SOAP POST sent by curl from `from`'s namespace. */
  browse(from: string, controlUrl: string, objectId: string): Promise<BrowseResult> {
    return browseInNamespace(this.ns(from), controlUrl, objectId);
  }

  /** Every item under the root, depth-first (minidlna nests Video/All Video/...), deduplicated by title. */
  async browseAll(from: string, controlUrl: string, root = '0', depth = 4): Promise<BrowseResult> {
    const objects: BrowseResult['objects'] = [];
    const seen = new Set<string>();
    const walk = async (id: string, d: number): Promise<void> => {
      const page = await this.browse(from, controlUrl, id);
      for (const o of page.objects) {
        if (o.isContainer) {
          if (d > 0) await walk(o.id, d - 1);
        } else if (!seen.has(o.title)) {
          seen.add(o.title);
          objects.push(o);
        }
      }
    };
    await walk(root, depth);
    return { objects, totalMatches: objects.length, didl: '' };
  }

  /** GET with curl from a namespace; returns the body bytes and the status line's code. */
  async get(
    from: string,
    url: string,
    headers: string[] = [],
  ): Promise<{ status: number; body: Buffer; headers: string }> {
    const dir = await this.tempDir(`get-${Math.random().toString(36).slice(2)}`);
    const { mkdir, readFile } = await import('node:fs/promises');
    await mkdir(dir, { recursive: true });
    const bodyFile = path.join(dir, 'body');
    const headFile = path.join(dir, 'head');
    const r = await execIn(this.ns(from), 'curl', [
      '-sS',
      '--max-time',
      '10',
      '-o',
      bodyFile,
      '-D',
      headFile,
      '-w',
      '%{http_code}',
      ...headers.flatMap((h) => ['-H', h]),
      url,
    ]);
    if (r.code !== 0) throw new Error(`curl ${url} from ${from}: ${r.stderr.trim()}`);
    const body = await readFile(bodyFile).catch(() => Buffer.alloc(0));
    const head = await readFile(headFile, 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    return { status: Number(r.stdout.trim()), body, headers: head };
  }

  /** gssdp-discover as the TV: the USN/Location pairs it reports for `target`. */
  async gssdpDiscover(
    from: string,
    seconds: number,
    target = MEDIA_SERVER,
    type: 'available' | 'unavailable' | 'all' = 'available',
    ifname = 'eth0',
  ): Promise<SsdpSighting[]> {
    const r = await execIn(
      this.ns(from),
      'gssdp-discover',
      ['-i', ifname, '-n', String(seconds), '-t', target, '-m', type],
      (seconds + 10) * 1000,
    );
    return parseGssdpDiscover(r.stdout);
  }

  /** node-ssdp's Client as the TV: every M-SEARCH answer for `target` within `ms`. */
  async nodeSsdpSearch(from: string, ms: number, target = MEDIA_SERVER): Promise<Record<string, string>[]> {
    const code = `
      import ssdp from 'node-ssdp';
      const client = new ssdp.Client({ interfaces: ['eth0'], explicitSocketBind: true });
      const seen = [];
      client.on('response', (headers) => seen.push(headers));
      client.search(${JSON.stringify(target)});
      setTimeout(() => { client.stop(); process.stdout.write(JSON.stringify(seen)); process.exit(0); }, ${ms});
    `;
    const r = await execIn(this.ns(from), process.execPath, ['--input-type=module', '-e', code], ms + 10_000);
    if (r.code !== 0) throw new Error(`node-ssdp client in ${from} failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as Record<string, string>[];
  }

  /** `dlna-bridge discover --json` run inside a namespace, as a user would. */
  async discover(from: string, args: string[] = []): Promise<ExecResult> {
    return execIn(
      this.ns(from),
      process.execPath,
      [cliPath, 'discover', '--interface', 'eth0', '--json', ...args],
      30_000,
    );
  }

  /**
   * One multicast M-SEARCH from an ephemeral port, collecting only the unicast
   * answers to it (a host on the LAN wire also hears everyone's NOTIFYs; those
   * go to port 1900 and are not answers, so they are not counted here).
   */
  async search(from: string, st: string, ms: number, mx = 1): Promise<SsdpDatagram[]> {
    const code = `
      import dgram from 'node:dgram';
      const s = dgram.createSocket('udp4');
      const got = [];
      s.on('message', (m, r) => got.push({ t: Date.now(), from: r.address, text: m.toString('latin1') }));
      const msg = Buffer.from('M-SEARCH * HTTP/1.1\\r\\nHOST: 239.255.255.250:1900\\r\\nMAN: "ssdp:discover"\\r\\nMX: ${mx}\\r\\nST: ${st}\\r\\nUSER-AGENT: test/1 UPnP/1.1 tv/1\\r\\n\\r\\n');
      s.bind(0, () => {
        s.send(msg, 1900, '239.255.255.250');
        setTimeout(() => s.send(msg, 1900, '239.255.255.250'), 200);
        setTimeout(() => { process.stdout.write(JSON.stringify(got)); process.exit(0); }, ${ms});
      });
    `;
    const r = await execIn(this.ns(from), process.execPath, ['--input-type=module', '-e', code], ms + 10_000);
    if (r.code !== 0) throw new Error(`search from ${from} failed: ${r.stderr}`);
    return (JSON.parse(r.stdout) as Omit<SsdpDatagram, 'headers'>[]).map((m) => ({
      ...m,
      headers: parseHeaders(m.text),
    }));
  }

  /**
   * A raw SSDP listener in a namespace (port 1900, the group joined on eth0):
   * records every datagram, so a test can see NOTIFY alive/byebye as a TV does.
   */
  async listen(from: string): Promise<SsdpListener> {
    const code = `
      import dgram from 'node:dgram';
      const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
      s.on('message', (m, r) => process.stdout.write(JSON.stringify({ t: Date.now(), from: r.address, text: m.toString('latin1') }) + '\\n'));
      s.bind(1900, () => { s.addMembership('239.255.255.250'); process.stdout.write('{"ready":true}\\n'); });
    `;
    const child = this.bed.spawn(from, process.execPath, ['--input-type=module', '-e', code]);
    const messages: SsdpDatagram[] = [];
    const ready = new Promise<void>((resolve, reject) => {
      child.once('exit', (c) => reject(new Error(`listener in ${from} exited ${c}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        const m = JSON.parse(line) as SsdpDatagram & { ready?: boolean };
        if (m.ready) resolve();
        else messages.push({ ...m, headers: parseHeaders(m.text) });
      });
    });
    await ready;
    return {
      messages,
      stop: () => {
        child.kill('SIGKILL');
      },
    };
  }

  /**
   * `dlna-bridge serve` in the node namespace (LAN eth0, admin on 127.0.0.1:9180
   * of the node), resolved once it logged "bridge started".
   */
  async startBridge(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningBridge> {
    const child = this.bed.spawn('node', process.execPath, [cliPath, 'serve', '--lan-interface', 'eth0', ...args], {
      env: { ...process.env, ...env },
      cwd: repoRoot,
    });
    const logs: Array<Record<string, unknown>> = [];
    let stderr = '';
    createInterface({ input: child.stderr! }).on('line', (line) => {
      stderr = (stderr + line + '\n').slice(-50_000);
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line (an error message from the CLI)
      }
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const bridge: RunningBridge = {
      process: child,
      logs,
      stderr: () => stderr,
      exited,
      stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        const code = await exited;
        clearTimeout(timer);
        return code;
      },
      admin: async (path: string) => {
        const r = await execIn(this.ns('node'), 'curl', [
          '-sS',
          '--max-time',
          '3',
          '-w',
          '\n%{http_code}',
          `http://127.0.0.1:9180${path}`,
        ]);
        const cut = r.stdout.lastIndexOf('\n');
        return { status: Number(r.stdout.slice(cut + 1)), body: r.stdout.slice(0, cut) };
      },
    };
    await Promise.race([
      waitFor(
        'bridge started',
        () => (logs.some((l) => l['msg'] === 'bridge started') ? true : undefined),
        15_000,
        100,
      ),
      exited.then((code) => {
        throw new Error(`dlna-bridge serve exited ${code} before it started:\n${stderr.slice(-3000)}`);
      }),
    ]);
    return bridge;
  }

  async destroy(): Promise<void> {
    await this.minidlna?.stop().catch(() => {});
    await this.bed.destroy();
    if (this.tmp) await rm(this.tmp, { recursive: true, force: true });
  }
}

export interface SsdpSighting {
  usn: string;
  location?: string;
  type: 'available' | 'unavailable';
}

export interface SsdpDatagram {
  t: number;
  from: string;
  text: string;
  /** header names lower-cased; the start line under ':start' */
  headers: Record<string, string>;
}

export interface SsdpListener {
  messages: SsdpDatagram[];
  stop(): void;
}

export function parseHeaders(text: string): Record<string, string> {
  const [start, ...lines] = text.split(/\r?\n/);
  const headers: Record<string, string> = { ':start': start ?? '' };
  for (const line of lines) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
}

/** gssdp-discover prints "resource available|unavailable" blocks with "USN:" and "Location:" lines. */
export function parseGssdpDiscover(out: string): SsdpSighting[] {
  const found: SsdpSighting[] = [];
  let cur: SsdpSighting | undefined;
  for (const line of out.split('\n')) {
    const head = line.match(/^resource (available|unavailable)/);
    if (head) {
      cur = { usn: '', type: head[1] as 'available' | 'unavailable' };
      found.push(cur);
      continue;
    }
    const kv = line.match(/^\s+(USN|Location):\s*(.*)$/);
    if (kv && cur) {
      if (kv[1] === 'USN') cur.usn = kv[2]!.trim();
      else cur.location = kv[2]!.trim();
    }
  }
  return found;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` until it returns a value (not undefined) or the deadline passes. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
