// `stack render --out DIR` as a user runs it (the built CLI): a complete set
// or nothing, stale files of an earlier render removed and only those, and
// every path that is not a writable folder on real storage refused with exit 2
// and one line, quickly (Node 20's recursive mkdir never returns on /proc/x).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, runCli, type CliResult } from '../helpers/cli.js';
import { requirementsMet } from '../helpers/requirements.js';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stack-out-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const render = (out: string, sets: string[] = []): Promise<CliResult> =>
  runCli(['stack', 'render', '--out', out, ...sets.flatMap((s) => ['--set', s])], { timeoutMs: 20_000 });
const listed = (out: string): string[] => {
  const k = readFileSync(path.join(out, 'kustomization.yaml'), 'utf8');
  return [...k.matchAll(/^ {2}- (\S+)$/gm)].map((m) => m[1]!);
};
/** One line on stderr, no stack trace, exit 2, nothing on stdout. */
function expectRefused(r: CliResult, out: string, reason: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')).toHaveLength(2);
  expect(r.stderr).toMatch(
    new RegExp(
      `^dlna-bridge: --out: ${(out.trim() === '' ? JSON.stringify(out) : out).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `,
    ),
  );
  expect(r.stderr).toMatch(reason);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('stack render --out: what it leaves in DIR', () => {
  it("creates missing parents; a second render removes the first one's stale files and keeps files it did not write", async () => {
    const out = path.join(dir, 'keep', 'a', 'b');
    const first = await render(out, ['monitoring.podMonitor=true']);
    expect(first.code, first.stderr).toBe(0);
    const podMonitor = readdirSync(out).find((f) => f.includes('podmonitor'));
    expect(podMonitor).toBeDefined();
    writeFileSync(path.join(out, 'README.md'), 'my notes\n');
    mkdirSync(path.join(out, '.git'));
    writeFileSync(path.join(out, '.git', 'HEAD'), 'ref: refs/heads/main\n');

    const second = await render(out);
    expect(second.code, second.stderr).toBe(0);
    const files = readdirSync(out);
    expect(files).not.toContain(podMonitor);
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toBe('my notes\n');
    expect(readFileSync(path.join(out, '.git', 'HEAD'), 'utf8')).toBe('ref: refs/heads/main\n');
    // exactly: the listed objects, the kustomization, the own-files list, and the user's two entries
    expect(files.sort()).toEqual(
      [...listed(out), 'kustomization.yaml', '.dlna-bridge-render', 'README.md', '.git'].sort(),
    );
    // nothing left beside it
    expect(readdirSync(path.dirname(out))).toEqual(['b']);
  });

  it('a file in DIR with a name the render needs, not written by it: refused, untouched', async () => {
    const out = path.join(dir, 'clash');
    mkdirSync(out);
    writeFileSync(path.join(out, 'kustomization.yaml'), 'resources: [mine.yaml]\n');
    const r = await render(out);
    expectRefused(r, out, /kustomization\.yaml in it was not written by stack render/);
    expect(readdirSync(out)).toEqual(['kustomization.yaml']);
    expect(readFileSync(path.join(out, 'kustomization.yaml'), 'utf8')).toBe('resources: [mine.yaml]\n');
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('stack render --out: paths that are not a writable folder on storage', () => {
  it('/proc/x and /sys/x: refused at once (never loops), nothing created', async () => {
    const started = Date.now();
    expectRefused(await render('/proc/x'), '/proc/x', /\/proc: is on proc, a kernel pseudo file system/);
    expectRefused(await render('/sys/x/y'), '/sys/x/y', /\/sys: is on sysfs/);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(existsSync('/proc/x')).toBe(false);
  });

  it('/dev/null and a regular file: not a folder; a file as a parent: not a folder', async () => {
    expectRefused(await render('/dev/null'), '/dev/null', /: is not a folder$/m);
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    expectRefused(await render(file), file, /: is not a folder$/m);
    expectRefused(
      await render(path.join(file, 'sub')),
      path.join(file, 'sub'),
      /: a file is where a folder is expected on this path$/m,
    );
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('an empty name and the root folder: refused (never the current folder, never /)', async () => {
    expectRefused(await render(''), '', /needs a folder name$/m);
    expectRefused(await render('/'), '/', /the root folder cannot be replaced/);
  });

  it('a symlink (pointing out of the tree): refused, the target untouched', async () => {
    const target = path.join(dir, 'elsewhere');
    mkdirSync(target);
    const link = path.join(dir, 'link');
    symlinkSync(target, link);
    expectRefused(await render(link), link, /is a symbolic link/);
    expect(readdirSync(target)).toEqual([]);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });
});

// Root ignores file modes: a read-only bind mount and a small tmpfs in a private mount namespace.
describe.skipIf(!requirementsMet(['unshare', 'mount', 'sh', 'sha256sum', 'stat', 'dd'], true))(
  'stack render --out on read-only and full file systems (as root, unshare)',
  () => {
    const inNamespace = (script: string, folder: string): string =>
      execFileSync(
        'unshare',
        ['--mount', '--propagation', 'private', 'sh', '-c', script, folder, process.execPath, cliPath],
        { encoding: 'utf8', timeout: 120_000 },
      );

    it('a read-only folder and a new folder under one: exit 2, read-only file system, nothing written', () => {
      const ro = path.join(dir, 'ro');
      mkdirSync(ro);
      // $0 folder, $1 node, $2 cli
      const script =
        'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" || exit 9\n' +
        'for out in "$0" "$0/new"; do "$1" "$2" stack render --out "$out" 2>&1; echo "rc=$?"; done';
      const lines = inNamespace(script, ro).trim().split('\n');
      expect(lines).toEqual([
        `dlna-bridge: --out: ${ro}: read-only file system`,
        'rc=2',
        `dlna-bridge: --out: ${ro}/new: ${ro}: read-only file system`,
        'rc=2',
      ]);
      expect(readdirSync(ro)).toEqual([]);
    });

    it('the disk fills up during a render: exit 2, one line, the earlier render intact, no temporary folder left', () => {
      const disk = path.join(dir, 'disk');
      mkdirSync(disk);
      // First render, then fill the file system to 32 KiB short of full, then render again (a different timezone).
      const script = [
        'mount -t tmpfs -o size=2m tmpfs "$0" || exit 9',
        '"$1" "$2" stack render --out "$0/out" --set monitoring.podMonitor=true 2>/dev/null || exit 10',
        'echo notes > "$0/out/README.md"',
        'echo "before=$(cat "$0"/out/* | sha256sum) $(ls -a "$0/out" | wc -l)"',
        'free=$(( $(stat -f -c %a "$0") * $(stat -f -c %S "$0") ))',
        'dd if=/dev/zero of="$0/filler" bs=4096 count=$(( free / 4096 - 8 )) 2>/dev/null',
        '"$1" "$2" stack render --out "$0/out" --set timezone=Europe/Berlin 2>&1; echo "rc=$?"',
        'echo "after=$(cat "$0"/out/* | sha256sum) $(ls -a "$0/out" | wc -l)"',
        'echo "beside=$(ls -a "$0" | tr "\\n" " ")"',
      ].join('\n');
      const out = inNamespace(script, disk);
      const field = (name: string): string =>
        new RegExp(`^${name}=(.*)$`, 'm').exec(out)?.[1] ?? `(no ${name} in ${out})`;
      expect(out).toMatch(new RegExp(`^dlna-bridge: --out: ${disk}/out: no space left on the device$`, 'm'));
      expect(field('rc')).toBe('2');
      expect(field('after')).toBe(field('before'));
      expect(field('beside')).toBe('. .. filler out ');
    });
  },
);
