// Runs the built CLI as another user (root tests of permission errors run it
// as nobody). That user must be able to read the CLI, its runtime packages and
// the Node binary: a checkout under /root or a `mktemp -d` folder (mode 0700)
// is closed to it. Then the package (dist/, profiles/, deploy/, package.json,
// the production node_modules) and, if needed, the Node binary are staged in a
// world-readable temporary folder: hard links where the file system allows and
// the files are world-readable already, a copy otherwise. If even that cannot
// run, the error says which folder shuts the user out.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliPath, repoRoot } from './cli.js';

export interface UserCli {
  /** Command line prefix that switches to the user (setpriv). */
  prefix: string[];
  /** The Node binary and CLI entry point that user can reach. */
  node: string;
  cli: string;
  /** Where the package was staged; null when the checkout itself was reachable. */
  stagedIn: string | null;
  cleanup(): void;
}

/** The folders the package consists of (package.json "files"), plus package.json itself. */
const PACKAGE_ENTRIES = ['dist', 'profiles', 'deploy', 'package.json'];

export function cliAsUser(uid: number, gid: number): UserCli {
  const prefix = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups'];
  const direct = tryRun(prefix, process.execPath, cliPath);
  if (direct === null) return { prefix, node: process.execPath, cli: cliPath, stagedIn: null, cleanup: () => {} };

  const failures: string[] = [`from the checkout: ${direct}`];
  for (const mode of ['link', 'copy'] as const) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dlna-bridge-as-user-'));
    chmodSync(dir, 0o755);
    try {
      const staged = stage(dir, mode, uid, gid);
      const error = tryRun(prefix, staged.node, staged.cli);
      if (error === null)
        return { prefix, ...staged, stagedIn: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
      failures.push(`staged by ${mode} in ${dir}: ${error}`);
    } catch (err) {
      failures.push(`staging by ${mode} in ${dir}: ${(err as Error).message}`);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const blocked = [cliPath, process.execPath, path.join(os.tmpdir(), 'x')]
    .map((p) => firstClosedFolder(p, uid, gid))
    .filter((p): p is string => p !== null);
  throw new Error(
    `uid ${uid} cannot run the CLI: ${failures.join('; ')}` +
      (blocked.length ? ` (closed to it: ${[...new Set(blocked)].join(', ')})` : ''),
  );
}

/** null when `node cli --version` runs as the user, else what went wrong. */
function tryRun(prefix: string[], node: string, cli: string): string | null {
  const [cmd, ...args] = [...prefix, node, cli, '--version'];
  const r = spawnSync(cmd!, args, { cwd: '/', encoding: 'utf8', timeout: 30_000 });
  if (r.status === 0 && /^\d+\.\d+\.\d+/.test(r.stdout)) return null;
  const lines = (r.stderr || r.error?.message || '').trim().split('\n');
  // Node's own "Error: Cannot find module ..." line, not the loader's source location above it.
  const why = lines.find((l) => /^\w*Error\b/.test(l)) ?? lines[0] ?? '';
  return `exit ${r.status ?? r.signal}: ${why}`;
}

function stage(dir: string, mode: 'link' | 'copy', uid: number, gid: number): { node: string; cli: string } {
  const copy = (from: string, to: string): void => {
    cpSync(from, to, { recursive: true, dereference: true });
    execFileSync('chmod', ['-R', 'a+rX', '--', to]);
  };
  const put = (from: string, to: string): void => {
    if (mode === 'copy') return copy(from, to);
    // cp -al: new folders, hard-linked files (no data copied); another file system: a copy.
    const linked = spawnSync('cp', ['-al', '--', from, to], { stdio: 'ignore' });
    if (linked.status !== 0) {
      rmSync(to, { recursive: true, force: true });
      copy(from, to);
    }
  };
  for (const entry of PACKAGE_ENTRIES) {
    const from = path.join(repoRoot, entry);
    if (existsSync(from)) put(from, path.join(dir, entry));
  }
  for (const pkg of productionPackages()) {
    const from = path.join(repoRoot, pkg);
    if (!existsSync(from)) continue; // an optional dependency not installed on this platform
    mkdirSync(path.dirname(path.join(dir, pkg)), { recursive: true });
    put(from, path.join(dir, pkg));
  }
  // Folders are the stage's own (hard links share only files): open them all.
  execFileSync('find', [dir, '-type', 'd', '-exec', 'chmod', 'a+rx', '{}', '+']);
  const cli = path.join(dir, path.relative(repoRoot, cliPath));
  // The Node binary stays where it is if the user may run it there (a system node).
  if (firstClosedFolder(process.execPath, uid, gid) === null && (statSync(process.execPath).mode & 0o005) === 0o005) {
    return { node: process.execPath, cli };
  }
  const node = path.join(dir, 'node');
  put(process.execPath, node);
  return { node, cli };
}

/** Top-level entries of package-lock.json's packages that `npm ci --omit=dev` would install. */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  const prod = Object.entries(lock.packages)
    .filter(([key, meta]) => key.startsWith('node_modules/') && !meta.dev)
    .map(([key]) => key);
  // A nested package comes along with its parent folder.
  return prod.filter((key) => !prod.some((other) => other !== key && key.startsWith(`${other}/`)));
}

/** The first folder on the way to `target` that uid/gid may not enter, or null. */
export function firstClosedFolder(target: string, uid: number, gid: number): string | null {
  const folders: string[] = [];
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    folders.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of folders) {
    const st = statSync(dir);
    const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0)
      return `${dir} (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}, owner uid ${st.uid})`;
  }
  return null;
}
