// Drives test/bridge/ssdp/ssdp-host.mjs inside a namespace: start, wait for events,
// send commands, stop. Used by the ssdp-* integration tests and the benches' twin.
import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../../helpers/cli.js';
import type { Testbed } from '../../helpers/netns.js';
import { waitFor } from '../../helpers/topology.js';

export type HostEvent = Record<string, unknown> & { event: string };

export interface HostProcess {
  child: ChildProcess;
  events: HostEvent[];
  stderr(): string;
  next(event: string, timeoutMs?: number, where?: (e: HostEvent) => boolean): Promise<HostEvent>;
  command(cmd: Record<string, unknown>): void;
  counters(): Promise<{
    counters: Record<string, unknown> & { dropped: Record<string, number> };
    rss: number;
    cpu: { user: number; system: number };
  }>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export const HOST_SCRIPT = path.join(repoRoot, 'test/bridge/ssdp/ssdp-host.mjs');

export async function startHost(bed: Testbed, short: string, config: Record<string, unknown>): Promise<HostProcess> {
  const child = bed.spawn(short, process.execPath, [HOST_SCRIPT, JSON.stringify(config)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const events: HostEvent[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      events.push(JSON.parse(line) as HostEvent);
    } catch {
      stderr += `${line}\n`;
    }
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  const host: HostProcess = {
    child,
    events,
    stderr: () => stderr,
    next: (event, timeoutMs = 10_000, where = () => true) =>
      Promise.race([
        waitFor(`${short}: ${event}`, () => events.find((e) => e.event === event && where(e)), timeoutMs, 50),
        exited.then((c) => {
          throw new Error(`ssdp host in ${short} exited ${c}: ${stderr.slice(-2000)}`);
        }),
      ]),
    command: (cmd) => child.stdin!.write(`${JSON.stringify(cmd)}\n`),
    counters: async () => {
      const before = events.filter((e) => e.event === 'counters').length;
      host.command({ cmd: 'counters' });
      const e = await waitFor('counters', () => events.filter((x) => x.event === 'counters')[before], 5_000, 20);
      return e as never;
    },
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  await host.next('ready', 15_000);
  return host;
}
