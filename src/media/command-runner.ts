// Runs an external command with a time limit and collects its output; the
// one I/O primitive gpu-check and encoder detection use, injected so their
// logic is tested with recorded results instead of a GPU.
import { spawn } from 'node:child_process';

export interface CommandResult {
  /** Exit code; null when killed (time limit) or never started. */
  code: number | null;
  stdout: string;
  stderr: string;
  /** The program is not installed (ENOENT). */
  missing?: boolean;
  timedOut?: boolean;
  /** Wall-clock time, milliseconds. */
  ms: number;
}

export type CommandRunner = (cmd: string, args: readonly string[], timeoutMs?: number) => Promise<CommandResult>;

const MAX_OUTPUT = 1024 * 1024;

export const runCommand: CommandRunner = (cmd, args, timeoutMs = 60_000) =>
  new Promise((resolve) => {
    const started = performance.now();
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout.length < MAX_OUTPUT) stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      if (stderr.length < MAX_OUTPUT) stderr += d;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({
        code: null,
        stdout,
        stderr: err.message,
        missing: err.code === 'ENOENT',
        ms: performance.now() - started,
      });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? null : code, stdout, stderr, timedOut, ms: performance.now() - started });
    });
  });
