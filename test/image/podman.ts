// podman as the image test runs it on the CI machines: as root, with runc
// (crun is not what Debian's podman uses everywhere) and explicit ulimits,
// because podman's default limits exceed what the sandbox allows.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PODMAN_GLOBAL = ['--runtime', 'runc'];
export const PODMAN_LIMITS = ['--ulimit', 'nofile=20000:20000', '--ulimit', 'nproc=1000:1000'];
/** On every container and image the image test makes, so its cleanup finds exactly those. */
export const IMAGE_TEST_LABEL = 'dlna-bridge.image-test=1';

export interface PodmanResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs podman; never throws on a non-zero exit (the caller checks what happened). */
export async function podman(args: string[], timeoutMs = 60_000): Promise<PodmanResult> {
  try {
    const { stdout, stderr } = await run('podman', [...PODMAN_GLOBAL, ...args], {
      timeout: timeoutMs,
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: unknown; stdout?: string; stderr?: string; message: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
  }
}

/** Runs podman and throws with its stderr when it fails; resolves with stdout. */
export async function podmanOk(args: string[], timeoutMs?: number): Promise<string> {
  const r = await podman(args, timeoutMs);
  if (r.code !== 0) throw new Error(`podman ${args.join(' ')}: exit ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}
