// The demo's little network, made of Linux network namespaces (src/netns/testbed.ts,
// the same Testbed the integration tests use): a pod, a node that joins the pod
// network (cni0) to the LAN (eth0), a LAN segment (a bridge with IGMP snooping
// off, so SSDP multicast is flooded) and a TV.
// Documentation addresses only, no default route: nothing leaves the machine.
//
// Every name starts with dlnademo-<pid>-, the pid of the demo that owns it:
// leftovers of a demo that crashed or was killed are recognised by a dead pid
// and removed at the next start.
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ip, killNamespacePids, listNamespaces, processAlive, Testbed, type NsRunResult } from '../netns/testbed.js';

export const LAB_FAMILY = 'dlnademo';

export const LAB_ADDRESSES = {
  pod: '198.51.100.2',
  nodeCni: '198.51.100.1',
  nodeLan: '192.0.2.10',
  tv: '192.0.2.50',
} as const;

export type LabHost = 'pod' | 'node' | 'lan' | 'tv';

/** Removes namespaces and temp folders of demos whose process is gone. Returns what it removed. */
export async function removeStaleLabs(): Promise<string[]> {
  const removed: string[] = [];
  const owner = (name: string): number | undefined => {
    const m = new RegExp(`^${LAB_FAMILY}-(\\d+)-`).exec(name);
    return m ? Number(m[1]) : undefined;
  };
  const dead = (name: string): boolean => {
    const pid = owner(name);
    return pid !== undefined && pid !== process.pid && !processAlive(pid);
  };
  for (const name of await listNamespaces()) {
    if (!dead(name)) continue;
    await killNamespacePids(name);
    await ip('netns', 'del', name).catch(() => {});
    removed.push(name);
  }
  for (const entry of await readdir(os.tmpdir()).catch(() => [] as string[])) {
    if (!dead(entry)) continue;
    await rm(path.join(os.tmpdir(), entry), { recursive: true, force: true });
    removed.push(path.join(os.tmpdir(), entry));
  }
  return removed;
}

export class Lab {
  readonly prefix = `${LAB_FAMILY}-${process.pid}-`;
  private readonly bed = new Testbed(LAB_FAMILY, { prefix: `${LAB_FAMILY}-${process.pid}` });
  private destroyed = false;

  private constructor(readonly workDir: string) {}

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
    return this.bed.name(host);
  }

  private async build(): Promise<void> {
    const bed = this.bed;
    const pod = await bed.addNamespace('pod');
    const node = await bed.addNamespace('node');
    const tv = await bed.addNamespace('tv');
    await bed.link({
      a: { ns: pod, ifname: 'eth0', cidr: `${LAB_ADDRESSES.pod}/24` },
      b: { ns: node, ifname: 'cni0', cidr: `${LAB_ADDRESSES.nodeCni}/24` },
    });
    const lan = await bed.addSegment('lan');
    await lan.attach(node, 'eth0', `${LAB_ADDRESSES.nodeLan}/24`);
    await lan.attach(tv, 'eth0', `${LAB_ADDRESSES.tv}/24`);
  }

  /** Runs a program in a host to completion; never throws on a non-zero exit (the demo checks it). */
  exec(
    host: LabHost,
    cmd: string,
    args: string[],
    options: { timeoutMs?: number; input?: string } = {},
  ): Promise<NsRunResult> {
    return this.bed.run(host, cmd, args, options);
  }

  /** A long-running program in a namespace (ip execs it: the child's pid is the program's). */
  spawn(host: LabHost, cmd: string, args: string[], options: SpawnOptions = {}): ChildProcess {
    return this.bed.spawn(host, cmd, args, options);
  }

  /** Kills what runs in the namespaces, deletes them and the work folder. Safe to call twice. */
  async destroy(): Promise<void> {
    if (this.destroyed) return;
    this.destroyed = true;
    await this.bed.destroy();
    await rm(this.workDir, { recursive: true, force: true });
  }

  /** Last resort from an exit handler (no async work possible there). */
  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.bed.destroySync();
    try {
      execFileSync('rm', ['-rf', this.workDir], { stdio: 'ignore' });
    } catch {
      // nothing to do
    }
  }
}
