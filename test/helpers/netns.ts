// Network namespaces for integration tests: a "pod" network, a "node" that
// joins it to a "lan" segment, and TVs on the lan (see shared docs/testbed.md).
// Addresses come only from the documentation ranges, and no namespace gets a
// route out: nothing a test sends can leave the machine.
import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function ip(...args: string[]): Promise<string> {
  const { stdout } = await run('ip', args);
  return stdout;
}

export async function nsExec(ns: string, cmd: string, args: string[] = []): Promise<string> {
  const { stdout } = await run('ip', ['netns', 'exec', ns, cmd, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** Starts a long-running process inside a namespace; the child's PID is the program's own (ip execs it). */
export function nsSpawn(ns: string, cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

export interface Link {
  /** namespace and interface name on each end */
  a: { ns: string; ifname: string; cidr?: string };
  b: { ns: string; ifname: string; cidr?: string };
}

/**
 * A set of namespaces that share one unique prefix, removed together. Stale
 * namespaces with the same family prefix (from a crashed run) are removed first.
 */
export class Testbed {
  readonly prefix: string;
  private readonly namespaces = new Set<string>();
  private readonly children = new Set<ChildProcess>();

  constructor(family = 'dbt') {
    this.prefix = `${family}${randomBytes(3).toString('hex')}`;
  }

  /** Remove namespaces left by runs of this family whose process is gone. */
  static async removeStale(family = 'dbt'): Promise<void> {
    const list = await ip('netns', 'list').catch(() => '');
    for (const line of list.split('\n')) {
      const name = line.split(' ')[0];
      if (!name || !name.startsWith(family)) continue;
      const pids = await ip('netns', 'pids', name).catch(() => '');
      if (pids.trim() !== '') continue; // in use by a live run
      await ip('netns', 'del', name).catch(() => {});
    }
  }

  name(short: string): string {
    return `${this.prefix}-${short}`;
  }

  async addNamespace(short: string): Promise<string> {
    const ns = this.name(short);
    await ip('netns', 'add', ns);
    this.namespaces.add(ns);
    await nsExec(ns, 'ip', ['link', 'set', 'lo', 'up']);
    await nsExec(ns, 'sysctl', ['-qw', 'net.ipv6.conf.all.disable_ipv6=1']);
    await nsExec(ns, 'sysctl', ['-qw', 'net.ipv6.conf.default.disable_ipv6=1']);
    return ns;
  }

  /** A veth pair between two namespaces, addressed and up, with a multicast route on each end. */
  async link({ a, b }: Link): Promise<void> {
    const tmpA = `v${randomBytes(4).toString('hex')}`;
    const tmpB = `v${randomBytes(4).toString('hex')}`;
    await ip('link', 'add', tmpA, 'type', 'veth', 'peer', 'name', tmpB);
    await ip('link', 'set', tmpA, 'netns', a.ns);
    await ip('link', 'set', tmpB, 'netns', b.ns);
    for (const [end, tmp] of [
      [a, tmpA],
      [b, tmpB],
    ] as const) {
      await nsExec(end.ns, 'ip', ['link', 'set', tmp, 'name', end.ifname]);
      if (end.cidr) await nsExec(end.ns, 'ip', ['addr', 'add', end.cidr, 'dev', end.ifname]);
      await nsExec(end.ns, 'ip', ['link', 'set', end.ifname, 'up']);
      await this.multicastRoute(end.ns, end.ifname);
    }
  }

  /**
   * A LAN segment: a Linux bridge in its own namespace with IGMP snooping off
   * (else it may stop flooding SSDP), and one veth per host attached to it.
   */
  async addSegment(short: string): Promise<Segment> {
    const ns = await this.addNamespace(short);
    await nsExec(ns, 'ip', ['link', 'add', 'br0', 'type', 'bridge', 'mcast_snooping', '0']);
    await nsExec(ns, 'ip', ['link', 'set', 'br0', 'up']);
    return new Segment(this, ns);
  }

  async multicastRoute(ns: string, ifname: string): Promise<void> {
    await nsExec(ns, 'ip', ['route', 'add', '224.0.0.0/4', 'dev', ifname]).catch(() => {
      // one multicast route per namespace is enough; a second interface keeps the first
    });
  }

  spawn(short: string, cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    const child = nsSpawn(this.name(short), cmd, args, options);
    this.children.add(child);
    child.on('exit', () => this.children.delete(child));
    return child;
  }

  exec(short: string, cmd: string, args: string[] = []): Promise<string> {
    return nsExec(this.name(short), cmd, args);
  }

  /** Kill everything that runs in our namespaces, then delete them. Safe to call twice. */
  async destroy(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    for (const ns of this.namespaces) {
      const pids = await ip('netns', 'pids', ns).catch(() => '');
      for (const pid of pids.split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    for (const ns of this.namespaces) await ip('netns', 'del', ns).catch(() => {});
    this.namespaces.clear();
  }

  /** Synchronous last-resort cleanup for process exit handlers. */
  destroySync(): void {
    for (const child of this.children) child.kill('SIGKILL');
    for (const ns of this.namespaces) {
      try {
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      } catch {
        // gone already
      }
    }
  }
}

export class Segment {
  private ports = 0;
  constructor(
    private readonly bed: Testbed,
    readonly ns: string,
  ) {}

  /** Attach a host namespace to this segment as interface `ifname` with address `cidr`. */
  async attach(hostNs: string, ifname: string, cidr: string): Promise<void> {
    const port = `p${this.ports++}`;
    await this.bed.link({ a: { ns: this.ns, ifname: port }, b: { ns: hostNs, ifname, cidr } });
    await nsExec(this.ns, 'ip', ['link', 'set', port, 'master', 'br0']);
  }
}
