// A real server daemon run inside a test namespace: its own PID (ip execs it),
// its output kept (bounded) for failure messages, and a stop that waits for
// the exit (SIGTERM, then SIGKILL: rygel may take seconds to leave its loop).
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import type { Testbed } from '../netns.js';
import { nsRun } from '../netns.js';

export interface DaemonProcess {
  child: ChildProcess;
  output(): string;
  /** Throws with the output's tail when the daemon has exited. */
  assertRunning(what: string): void;
  stop(): Promise<void>;
}

export function spawnDaemon(
  bed: Testbed,
  host: string,
  cmd: string,
  args: string[],
  options: SpawnOptions = {},
): DaemonProcess {
  const child = bed.spawn(host, cmd, args, options);
  let out = '';
  const keep = (d: Buffer): void => {
    out = (out + d.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    assertRunning(what: string) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}):\n${out.slice(-2000)}`);
      }
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The HTTP status of a GET from inside a namespace (0 when nothing answered). */
export async function httpStatusIn(ns: string, url: string): Promise<number> {
  const r = await nsRun(ns, 'curl', ['-s', '-o', '/dev/null', '--max-time', '2', '-w', '%{http_code}', url], {
    timeoutMs: 5_000,
  });
  return Number(r.stdout.trim()) || 0;
}

/** The Debian package version, as `dpkg -s` reports it (for the tested-versions table). */
export function debianVersion(pkg: string): string {
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' }).trim();
  } catch {
    return 'not installed';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
