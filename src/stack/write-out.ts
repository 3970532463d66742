// `stack render --out DIR`: one file per object plus a kustomization.yaml that
// lists exactly them, so `kubectl apply -k DIR` applies this render and never a
// stale file from an earlier one.
//
// DIR holds a complete render or the previous one, never a mix: everything is
// written into a temporary folder beside DIR, then swapped in by rename. A
// list of the files stack render wrote (OWN_LIST) lets a later render drop
// exactly those; anything else in DIR (a README, a .git folder) is carried
// over untouched. Paths that are not a writable folder on a real file system
// (/proc/x, /dev/null, a file, a read-only folder, a symlink) are refused
// before anything is written. Parents are checked and created one level at a
// time: Node 20's mkdir({ recursive: true }) never returns on /proc/x.
import { randomBytes } from 'node:crypto';
import { promises as fs, constants as fsc, type Stats } from 'node:fs';
import path from 'node:path';
import { fsyncDir } from '../util/atomic-write.js';
import { errnoWords } from '../util/errno-words.js';
import { DlnaBridgeError } from '../util/errors.js';
import { fileNameFor, toYaml, type KubeObject } from './manifest.js';

/** The folder to render into is not a writable folder on storage; the message starts with its name. */
export class OutDirError extends DlnaBridgeError {
  readonly code = 'STACK_OUT_DIR_UNUSABLE';
}

/** The names of the files the last render wrote, one a line (no .yaml/.json: `kubectl apply -f DIR` skips it). */
export const OWN_LIST = '.dlna-bridge-render';
const KUSTOMIZATION = 'kustomization.yaml';
const KUSTOMIZATION_HEADER = '# written by dlna-bridge stack render\n';

/** statfs magic numbers of kernel pseudo file systems: folders there are not storage. */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0x1cd1, 'devpts'],
  [0x19800202, 'mqueue'],
  [0x42494e4d, 'binfmt_misc'],
  [0x65735543, 'fusectl'],
  [0xf97cff8c, 'selinuxfs'],
  [0x6e736673, 'nsfs'],
]);

/** Render `objects` into `dir` (created if missing); returns the names written. Throws OutDirError with one line. */
export async function writeRenderedDir(dir: string, objects: KubeObject[]): Promise<string[]> {
  try {
    return await writeInto(dir, objects);
  } catch (err) {
    // Every failure is one line for the user, whichever check or call it came from.
    if (err instanceof OutDirError) throw err;
    throw new OutDirError(`${shown(dir)}: ${errnoWords(err)}`, { cause: err });
  }
}

/** The folder's name as given; quoted when it is blank, so the line still shows it. */
function shown(dir: string): string {
  return dir.trim() === '' ? JSON.stringify(dir) : dir;
}

async function writeInto(dir: string, objects: KubeObject[]): Promise<string[]> {
  const target = path.resolve(dir);
  const fail = (reason: string): never => {
    throw new OutDirError(`${shown(dir)}: ${reason}`);
  };
  if (dir.trim() === '') fail('needs a folder name');
  if (path.dirname(target) === target) fail('the root folder cannot be replaced; name a folder inside it');
  const parent = path.dirname(target);

  const existing = await lstatOrUndefined(target).catch((err) => fail(errnoWords(err)));
  if (existing?.isSymbolicLink()) fail('is a symbolic link; name the folder it points to');
  if (existing && !existing.isDirectory()) fail('is not a folder');
  await prepareParent(parent, fail);
  if (existing) {
    await checkWritableFolder(target, (reason) => fail(reason));
    const parentStat = await fs.stat(parent);
    if (parentStat.dev !== existing.dev)
      fail('is a mount point, which cannot be swapped by rename; name a folder inside it');
  }

  const names = objects.map((o, i) => fileNameFor(o, i + 1));
  const files = new Map<string, string>(names.map((n, i) => [n, toYaml(objects[i])]));
  files.set(
    KUSTOMIZATION,
    `${KUSTOMIZATION_HEADER}${toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: names })}`,
  );
  files.set(OWN_LIST, `${[...names, KUSTOMIZATION].join('\n')}\n`);

  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const base = path.basename(target);
  const tmp = path.join(parent, `.${base}.render-${tag}`);
  try {
    await fs.mkdir(tmp, { mode: 0o755 });
    for (const [name, text] of files) await writeNewFile(path.join(tmp, name), text);
    await fsyncDir(tmp);
    if (!existing) {
      await fs.rename(tmp, target);
    } else {
      await swapIn(target, tmp, path.join(parent, `.${base}.old-${tag}`), new Set(files.keys()), fail);
    }
    await fsyncDir(parent);
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
    if (err instanceof OutDirError) throw err;
    fail(errnoWords(err));
  }
  return [...names, KUSTOMIZATION];
}

/**
 * Replace the folder `target` by `fresh`: files in `target` that an earlier
 * render did not write are kept (hard links into `fresh` before the swap,
 * folders and other entries moved after it); the earlier render's own files go.
 */
async function swapIn(
  target: string,
  fresh: string,
  old: string,
  ours: ReadonlySet<string>,
  fail: (reason: string) => never,
): Promise<void> {
  const owned = await ownedNames(target);
  const foreign = (await fs.readdir(target)).filter((n) => !owned.has(n));
  const clash = foreign.filter((n) => ours.has(n));
  if (clash.length > 0)
    fail(
      `${clash.join(', ')} in it ${clash.length > 1 ? 'were' : 'was'} not written by stack render; move ${clash.length > 1 ? 'them' : 'it'} away or name another folder`,
    );
  const moveAfter: string[] = [];
  for (const name of foreign) {
    const st = await fs.lstat(path.join(target, name));
    if (st.isFile()) await fs.link(path.join(target, name), path.join(fresh, name));
    else moveAfter.push(name);
  }
  await fs.rename(target, old);
  try {
    await fs.rename(fresh, target);
  } catch (err) {
    await fs.rename(old, target);
    throw err;
  }
  for (const name of moveAfter) await fs.rename(path.join(old, name), path.join(target, name));
  await fs.rm(old, { recursive: true, force: true });
}

/** What an earlier render wrote into `dir`: its own list, or (renders before the list existed) the kustomization.yaml it wrote and the files that names. */
async function ownedNames(dir: string): Promise<Set<string>> {
  const list = await readSmallFile(path.join(dir, OWN_LIST));
  if (list !== undefined) {
    return new Set([OWN_LIST, ...list.split('\n').filter((n) => n && !n.includes('/') && n !== '.' && n !== '..')]);
  }
  const k = await readSmallFile(path.join(dir, KUSTOMIZATION));
  if (k === undefined || !k.startsWith(KUSTOMIZATION_HEADER)) return new Set();
  const listed = [...k.matchAll(/^ {2}- ([0-9]{2,}-[a-z0-9.-]+\.yaml)$/gm)].map((m) => m[1]!);
  return new Set([KUSTOMIZATION, ...listed]);
}

async function readSmallFile(file: string): Promise<string | undefined> {
  try {
    const st = await fs.lstat(file);
    if (!st.isFile() || st.size > 1024 * 1024) return undefined;
    return await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The folder DIR goes into: the nearest existing ancestor must be a writable
 * folder on a real file system; missing levels below it are made one by one.
 */
async function prepareParent(parent: string, fail: (reason: string) => never): Promise<void> {
  const missing: string[] = [];
  let at = parent;
  for (;;) {
    let st: Stats | undefined;
    try {
      st = await fs.stat(at);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') fail(`${at}: ${errnoWords(err)}`);
    }
    if (st) {
      if (!st.isDirectory()) fail(`${at} is not a folder`);
      break;
    }
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) fail(`${at}: does not exist`);
    at = up;
  }
  await checkWritableFolder(at, (reason) => fail(`${at}: ${reason}`));
  for (const dir of missing) {
    try {
      await fs.mkdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') fail(`${dir}: ${errnoWords(err)}`);
      const st = await fs.stat(dir);
      if (!st.isDirectory()) fail(`${dir} is not a folder`);
    }
  }
}

async function checkWritableFolder(dir: string, fail: (reason: string) => never): Promise<void> {
  const fsType = await fs.statfs(dir).then(
    (s) => PSEUDO_FILE_SYSTEMS.get(s.type),
    () => undefined,
  );
  if (fsType) fail(`is on ${fsType}, a kernel pseudo file system, not storage`);
  try {
    await fs.access(dir, fsc.W_OK | fsc.X_OK);
  } catch (err) {
    fail(
      (err as NodeJS.ErrnoException).code === 'EROFS' ? 'read-only file system' : `not writable (${errnoWords(err)})`,
    );
  }
}

async function lstatOrUndefined(p: string): Promise<Stats | undefined> {
  try {
    return await fs.lstat(p);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeNewFile(file: string, text: string): Promise<void> {
  const handle = await fs.open(file, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o644);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
