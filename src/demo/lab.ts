// The demo's little network, made of Linux network namespaces: a pod, a node
// that joins the pod network (cni0) to the LAN (eth0), a LAN segment (a
// bridge with IGMP snooping off, so SSDP multicast is flooded) and a TV.
// Documentation addresses only, no default route: nothing leaves the machine.
//
// Every name starts with dlnademo-<pid>-, the pid of the demo that owns it:
// leftovers of a demo that crashed or was killed are recognised by a dead pid
// and removed at the next start. (test/helpers/netns.ts does the same for
// tests; it is not part of the built package, so the demo carries its own.)
import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const LAB_FAMILY = 'dlnademo';

export const LAB_ADDRESSES = {
  pod: '198.51.100.2',
  nodeCni: '198.51.100.1',
  nodeLan: '192.0.2.10',
  tv: '192.0.2.50',
} as const;

export type LabHost = 'pod' | 'node' | 'lan' | 'tv';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function ip(...args: string[]): Promise<string> {
  return (await run('ip', args)).stdout;
}

async function killNamespacePids(ns: string): Promise<void> {
  const pids = await ip('netns', 'pids', ns).catch(() => '');
  for (const pid of pids.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone already
    }
  }
}

/** Removes namespaces and temp folders of demos whose process is gone. Returns what it removed. */
export async function removeStaleLabs(): Promise<string[]> {
  const removed: string[] = [];
  const owner = (name: string): number | undefined => {
    const m = new RegExp(`^${LAB_FAMILY}-(\\d+)-`).exec(name);
    return m ? Number(m[1]) : undefined;
  };
  const list = await ip('netns', 'list').catch(() => '');
  for (const line of list.split('\n')) {
    const name = line.split(' ')[0] ?? '';
    const pid = owner(name);
    if (pid === undefined || pid === process.pid || alive(pid)) continue;
    await killNamespacePids(name);
    await ip('netns', 'del', name).catch(() => {});
    removed.push(name);
  }
  for (const entry of await readdir(os.tmpdir()).catch(() => [] as string[])) {
    const pid = owner(entry);
    if (pid === undefined || pid === process.pid || alive(pid)) continue;
    await rm(path.join(os.tmpdir(), entry), { recursive: true, force: true });
    removed.push(path.join(os.tmpdir(), entry));
  }
  return removed;
}

export class Lab {
  readonly prefix = `${LAB_FAMILY}-${process.pid}-`;
  readonly workDir: string;
  private readonly namespaces: string[] = [];
  private readonly children = new Set<ChildProcess>();
  private destroyed = false;

  private constructor(workDir: string) {
    this.workDir = workDir;
  }

  static async create(): Promise<Lab> {
    const lab = new Lab(await mkdtemp(path.join(os.tmpdir(), `${LAB_FAMILY}-${process.pid}-`)));
    try {
      await lab.build();
    } catch (err) {
      await lab.destroy();
      throw err;
    }
    return lab;
  }

  ns(host: LabHost): string {
    return `${this.prefix}${host}`;
  }

  private async addNamespace(host: LabHost): Promise<string> {
    const ns = this.ns(host);
    await ip('netns', 'add', ns);
    this.namespaces.push(ns);
    await this.must(host, 'ip', ['link', 'set', 'lo', 'up']);
    // No IPv6: a tentative address right after link-up makes some UPnP servers fail to bind (testbed.md).
    await this.exec(host, 'sysctl', ['-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
    await this.exec(host, 'sysctl', ['-qw', 'net.ipv6.conf.default.disable_ipv6=1']);
    return ns;
  }

  /** A veth pair from host a (ifname a) to host b (ifname b); addresses optional; a multicast route on each addressed end. */
  private async link(a: LabHost, aIf: string, aCidr: string | undefined, b: LabHost, bIf: string, bCidr: string | undefined): Promise<void> {
    const tmpA = `v${randomBytes(4).toString('hex')}`;
    const tmpB = `v${randomBytes(4).toString('hex')}`;
    await ip('link', 'add', tmpA, 'type', 'veth', 'peer', 'name', tmpB);
    for (const [host, tmp, ifname, cidr] of [
      [a, tmpA, aIf, aCidr],
      [b, tmpB, bIf, bCidr],
    ] as const) {
      await ip('link', 'set', tmp, 'netns', this.ns(host));
      await this.must(host, 'ip', ['link', 'set', tmp, 'name', ifname]);
      if (cidr) await this.must(host, 'ip', ['addr', 'add', cidr, 'dev', ifname]);
      await this.must(host, 'ip', ['link', 'set', ifname, 'up']);
      // Multicast needs a route in a namespace without a default route (testbed.md); the first interface keeps it.
      if (cidr) await this.exec(host, 'ip', ['route', 'add', '224.0.0.0/4', 'dev', ifname]);
    }
  }

  private async build(): Promise<void> {
    for (const host of ['pod', 'node', 'lan', 'tv'] as const) await this.addNamespace(host);
    await this.link('pod', 'eth0', `${LAB_ADDRESSES.pod}/24`, 'node', 'cni0', `${LAB_ADDRESSES.nodeCni}/24`);
    await this.must('lan', 'ip', ['link', 'add', 'br0', 'type', 'bridge', 'mcast_snooping', '0']);
    await this.must('lan', 'ip', ['link', 'set', 'br0', 'up']);
    await this.link('lan', 'p-node', undefined, 'node', 'eth0', `${LAB_ADDRESSES.nodeLan}/24`);
    await this.link('lan', 'p-tv', undefined, 'tv', 'eth0', `${LAB_ADDRESSES.tv}/24`);
    await this.must('lan', 'ip', ['link', 'set', 'p-node', 'master', 'br0']);
    await this.must('lan', 'ip', ['link', 'set', 'p-tv', 'master', 'br0']);
  }

  async exec(host: LabHost, cmd: string, args: string[], options: { timeoutMs?: number; input?: string } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = execFile(
        'ip',
        ['netns', 'exec', this.ns(host), cmd, ...args],
        { timeout: options.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
        (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 124) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      child.stdin?.end(options.input ?? '');
    });
  }

  /** exec that must succeed (network setup). */
  async must(host: LabHost, cmd: string, args: string[]): Promise<string> {
    const r = await this.exec(host, cmd, args);
    if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} in ${this.ns(host)}: ${r.stderr.trim() || `exit ${r.code}`}`);
    return r.stdout;
  }

  /** A long-running program in a namespace (ip execs it: the child's pid is the program's). */
  spawn(host: LabHost, cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn('ip', ['netns', 'exec', this.ns(host), cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    this.children.add(child);
    child.on('exit', () => this.children.delete(child));
    return child;
  }

  /** Kills what runs in the namespaces, deletes them and the work folder. Safe to call twice. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const c of this.children) c.kill('SIGKILL');
    for (const ns of this.namespaces) await killNamespacePids(ns);
    for (const ns of this.namespaces) await ip('netns', 'del', ns).catch(() => {});
    await rm(this.workDir, { recursive: true, force: true });
  }

  /** Last resort from an exit handler (no async work possible there). */
  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const c of this.children) c.kill('SIGKILL');
    for (const ns of this.namespaces) {
      try {
        const pids = execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
        for (const pid of pids.split(/\s+/).filter(Boolean)) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            // gone
          }
        }
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      } catch {
        // gone already
      }
    }
    try {
      execFileSync('rm', ['-rf', this.workDir], { stdio: 'ignore' });
    } catch {
      // nothing to do
    }
  }
}
