// Linux network namespaces as a little network: hosts (namespaces), veth
// links between them, LAN segments (a bridge in its own namespace), programs
// run inside a host, and removal of it all. Used by the integration tests
// (test/helpers/netns.ts re-exports this) and by `dlna-bridge demo`, which is
// part of the built package: so it lives here, once.
//
// Callers give addresses only from the documentation ranges and no namespace
// gets a route out (shared docs/testbed.md): nothing sent can leave the machine.
import { execFile, execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function ip(...args: string[]): Promise<string> {
  const { stdout } = await run('ip', args);
  return stdout;
}

/** Runs a program in a namespace; throws (with its stderr) when it fails. Resolves with its stdout. */
export async function nsExec(ns: string, cmd: string, args: string[] = []): Promise<string> {
  const { stdout } = await run('ip', ['netns', 'exec', ns, cmd, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export interface NsRunResult {
  /** the exit code; null when the program was killed (by the timeout or a signal) */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface NsRunOptions {
  timeoutMs?: number;
  /** written to the program's stdin (which is closed either way, so nothing waits on it) */
  input?: string;
  cwd?: string;
}

/** Runs a program in a namespace to completion, never throwing on a non-zero exit: a step that checks what happened. */
export function nsRun(ns: string, cmd: string, args: string[], options: NsRunOptions = {}): Promise<NsRunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      'ip',
      ['netns', 'exec', ns, cmd, ...args],
      {
        timeout: options.timeoutMs ?? 30_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : null
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
}

/** Starts a long-running process inside a namespace; the child's PID is the program's own (ip execs it). */
export function nsSpawn(ns: string, cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  return spawn('ip', ['netns', 'exec', ns, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
}

/** SIGKILL to every process in a namespace (what `ip netns pids` lists). */
export async function killNamespacePids(ns: string): Promise<void> {
  const pids = await ip('netns', 'pids', ns).catch(() => '');
  killAll(pids);
}

function killAll(pids: string): void {
  for (const pid of pids.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** True when a process with this pid exists (EPERM: it exists, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Names of the namespaces that exist now. */
export async function listNamespaces(): Promise<string[]> {
  const list = await ip('netns', 'list').catch(() => '');
  return list
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter(Boolean);
}

export interface Link {
  /** namespace and interface name on each end */
  a: { ns: string; ifname: string; cidr?: string };
  b: { ns: string; ifname: string; cidr?: string };
}

export interface TestbedOptions {
  /**
   * The exact prefix, instead of the family and a random suffix: the demo
   * puts its pid there (dlnademo-<pid>) so its leftovers can be told by a dead owner.
   */
  prefix?: string;
}

/**
 * A set of namespaces that share one unique prefix, removed together. Stale
 * namespaces with the same family prefix (from a crashed run) are removed first.
 */
export class Testbed {
  readonly prefix: string;
  private readonly namespaces = new Set<string>();
  private readonly children = new Set<ChildProcess>();

  constructor(family = 'dbt', options: TestbedOptions = {}) {
    // The owner's pid is in the name, so removeStale can tell a live run's namespaces from a dead one's.
    this.prefix = options.prefix ?? `${family}${process.pid}p${randomBytes(3).toString('hex')}`;
  }

  /**
   * Remove namespaces left by runs of this family whose process is gone (what
   * still runs in them is killed: orphans of the dead run). A namespace whose
   * owner is alive is left alone even before anything runs in it, so parallel
   * runs (several test files, several people) never remove each other's.
   */
  static async removeStale(family = 'dbt'): Promise<void> {
    for (const name of await listNamespaces()) {
      if (!name.startsWith(family)) continue;
      const owner = /(\d+)p[0-9a-f]{6}-/.exec(name);
      if (owner) {
        const pid = Number(owner[1]);
        if (pid === process.pid || processAlive(pid)) continue;
        await killNamespacePids(name);
      } else {
        // A name without an owner pid (an older run): stale only when nothing runs in it.
        const pids = await ip('netns', 'pids', name).catch(() => '');
        if (pids.trim() !== '') continue;
      }
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
    // No IPv6: a tentative address right after link-up makes some UPnP servers fail to bind (testbed.md).
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

  /** Multicast needs a route in a namespace without a default route (testbed.md). */
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

  /** A command that must succeed (network setup): throws when it fails, resolves with its stdout. */
  exec(short: string, cmd: string, args: string[] = []): Promise<string> {
    return nsExec(this.name(short), cmd, args);
  }

  /** A command whose outcome is the point: never throws on a non-zero exit. */
  run(short: string, cmd: string, args: string[], options: NsRunOptions = {}): Promise<NsRunResult> {
    return nsRun(this.name(short), cmd, args, options);
  }

  /** Kill everything that runs in our namespaces, then delete them. Safe to call twice. */
  async destroy(): Promise<void> {
    for (const child of this.children) child.kill('SIGKILL');
    for (const ns of this.namespaces) await killNamespacePids(ns);
    for (const ns of this.namespaces) await ip('netns', 'del', ns).catch(() => {});
    this.namespaces.clear();
  }

  /** Synchronous last-resort cleanup for process exit handlers (no async work possible there). */
  destroySync(): void {
    for (const child of this.children) child.kill('SIGKILL');
    for (const ns of this.namespaces) {
      try {
        killAll(execFileSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }));
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
      } catch {
        // gone already
      }
    }
    this.namespaces.clear();
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
