// The part of kustomize that deploy/ uses, so `stack render` needs no
// kustomize binary and agrees with `kubectl apply -k deploy/`:
//   resources:  YAML files and folders holding a kustomization.yaml
//   components: folders with `kind: Component` (their resources, then their patches)
//   patches:    JSON 6902 patches (path: or patch:) with a target selector
//   images:     name -> newName/newTag/digest for every container image
//               (where the stack's version pins live: Renovate-style tools bump them)
// Anything else in a kustomization.yaml is refused with a clear error rather
// than ignored: a silently skipped field would make the two disagree.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { errnoWords } from '../util/errno-words.js';
import { DlnaBridgeError } from '../util/errors.js';
import { applyJsonPatch, asJsonPatch } from './json-patch.js';
import { apiGroup, isKubeObject, type KubeObject } from './manifest.js';

/** deploy/ (or the folder rendered) is not what this renderer reads: a broken install or an edit it does not support. */
export class KustomizeError extends DlnaBridgeError {
  readonly code = 'STACK_DEPLOY_INVALID';
  override readonly kind = 'environment';
}

export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
}

interface Kustomization {
  kind: 'Kustomization' | 'Component';
  resources: string[];
  components: string[];
  patches: { path?: string; patch?: string; target: PatchTarget }[];
  images: ImageOverride[];
}

/** One entry of a kustomization's `images:` list. */
export interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'resources', 'components', 'patches', 'images']);
const YAML_OPTIONS = { maxAliasCount: 0, uniqueKeys: true } as const;

export interface BuildOptions {
  /** Replace the root kustomization's component list (paths relative to the root). */
  components?: string[];
}

/** Build the kustomization in `dir` into objects, in kustomize's order of accumulation. */
export function buildKustomization(dir: string, options: BuildOptions = {}): KubeObject[] {
  const root = path.resolve(dir);
  return build(root, root, options.components, new Set());
}

/** Read the component list of a kustomization (to add or drop components by value). */
export function readComponents(dir: string): string[] {
  return readKustomization(path.resolve(dir), path.resolve(dir)).components;
}

function build(root: string, dir: string, componentsOverride: string[] | undefined, seen: Set<string>): KubeObject[] {
  if (seen.has(dir)) throw new KustomizeError(`${rel(root, dir)}: kustomization cycle`);
  seen.add(dir);
  const k = readKustomization(root, dir);
  const objects: KubeObject[] = [];
  for (const res of k.resources) objects.push(...loadResource(root, dir, res, seen));
  for (const comp of componentsOverride ?? k.components) {
    const compDir = inside(root, dir, comp);
    const ck = readKustomization(root, compDir);
    if (ck.kind !== 'Component') throw new KustomizeError(`${rel(root, compDir)}: a component needs kind: Component`);
    for (const res of ck.resources) objects.push(...loadResource(root, compDir, res, seen));
    for (const comp2 of ck.components) objects.push(...build(root, inside(root, compDir, comp2), [], seen));
    applyPatches(root, compDir, ck, objects);
    applyImages(ck.images, objects);
  }
  applyPatches(root, dir, k, objects);
  applyImages(k.images, objects);
  assertUnique(root, dir, objects);
  return objects;
}

/** Read the `images:` list of a kustomization (relative to the deploy root). */
export function readImages(dir: string): ImageOverride[] {
  return readKustomization(path.resolve(dir), path.resolve(dir)).images;
}

function readKustomization(root: string, dir: string): Kustomization {
  const file = path.join(dir, 'kustomization.yaml');
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'), YAML_OPTIONS);
  } catch (err) {
    throw new KustomizeError(
      `${rel(root, file)}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : errnoWords(err)}`,
    );
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new KustomizeError(`${rel(root, file)}: not a mapping`);
  const r = raw as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!KNOWN_FIELDS.has(key))
      throw new KustomizeError(
        `${rel(root, file)}: field "${key}" is not supported by dlna-bridge's renderer (use resources, components, patches)`,
      );
  }
  const kind = r['kind'] ?? 'Kustomization';
  if (kind !== 'Kustomization' && kind !== 'Component')
    throw new KustomizeError(`${rel(root, file)}: kind must be Kustomization or Component`);
  const strings = (key: string): string[] => {
    const v = r[key] ?? [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string'))
      throw new KustomizeError(`${rel(root, file)}: ${key} must be a list of paths`);
    return v as string[];
  };
  const patchesRaw = r['patches'] ?? [];
  if (!Array.isArray(patchesRaw)) throw new KustomizeError(`${rel(root, file)}: patches must be a list`);
  const patches = patchesRaw.map((p, i) => {
    const pr = p as Record<string, unknown>;
    const where = `${rel(root, file)}: patches[${i}]`;
    if (!pr || typeof pr !== 'object') throw new KustomizeError(`${where}: not a mapping`);
    if ((typeof pr['path'] === 'string') === (typeof pr['patch'] === 'string'))
      throw new KustomizeError(`${where}: needs exactly one of path and patch`);
    const target = pr['target'] as PatchTarget | undefined;
    if (!target || typeof target !== 'object' || (!target.kind && !target.name)) {
      throw new KustomizeError(`${where}: needs a target with kind and/or name (only JSON 6902 patches are supported)`);
    }
    return { path: pr['path'] as string | undefined, patch: pr['patch'] as string | undefined, target };
  });
  const imagesRaw = r['images'] ?? [];
  if (!Array.isArray(imagesRaw)) throw new KustomizeError(`${rel(root, file)}: images must be a list`);
  const images = imagesRaw.map((entry, i) => {
    const where = `${rel(root, file)}: images[${i}]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      throw new KustomizeError(`${where}: not a mapping`);
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!['name', 'newName', 'newTag', 'digest'].includes(key))
        throw new KustomizeError(`${where}: field "${key}" is not supported (use name, newName, newTag, digest)`);
      if (typeof e[key] !== 'string' || !e[key])
        throw new KustomizeError(`${where}: ${key} must be a non-empty string (quote a tag such as "1.10")`);
    }
    if (!e['name']) throw new KustomizeError(`${where}: needs a name`);
    return e as unknown as ImageOverride;
  });
  return { kind, resources: strings('resources'), components: strings('components'), patches, images };
}

/** "registry:5000/a/b:tag@sha256:x" -> its name without tag and digest ("registry:5000/a/b"). */
export function imageNameOf(image: string): string {
  const noDigest = image.split('@')[0]!;
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

/** kustomize's image transformer: every container and init container whose image name matches. */
function applyImages(images: ImageOverride[], objects: KubeObject[]): void {
  if (images.length === 0) return;
  for (const obj of objects) {
    const pod = (obj['spec'] as { template?: { spec?: Record<string, unknown> } } | undefined)?.template?.spec;
    if (!pod) continue;
    for (const list of [pod['initContainers'], pod['containers']]) {
      if (!Array.isArray(list)) continue;
      for (const c of list as { image?: unknown }[]) {
        if (typeof c.image !== 'string') continue;
        const over = images.find((i) => i.name === imageNameOf(c.image as string));
        if (!over) continue;
        const current = c.image;
        const name = over.newName ?? imageNameOf(current);
        // A digest wins over a tag (kustomize drops the tag when it sets a digest).
        if (over.digest) c.image = `${name}@${over.digest}`;
        else if (over.newTag) c.image = `${name}:${over.newTag}`;
        else c.image = `${name}${current.slice(imageNameOf(current).length)}`;
      }
    }
  }
}

function loadResource(root: string, dir: string, res: string, seen: Set<string>): KubeObject[] {
  const target = inside(root, dir, res);
  let isDir: boolean;
  try {
    isDir = statSync(target).isDirectory();
  } catch {
    throw new KustomizeError(`${rel(root, dir)}: resource "${res}" does not exist`);
  }
  if (isDir) return build(root, target, undefined, seen);
  const text = readFileSync(target, 'utf8');
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text, YAML_OPTIONS)) {
    if (doc.errors.length > 0) throw new KustomizeError(`${rel(root, target)}: ${doc.errors[0]!.message}`);
    let value: unknown;
    try {
      value = doc.toJS(YAML_OPTIONS);
    } catch (err) {
      throw new KustomizeError(
        `${rel(root, target)}: ${(err as Error).message} (YAML anchors and aliases are not used in deploy/)`,
      );
    }
    if (value === null || value === undefined) continue;
    if (!isKubeObject(value))
      throw new KustomizeError(`${rel(root, target)}: every document needs apiVersion, kind and metadata.name`);
    objects.push(value);
  }
  return objects;
}

function applyPatches(root: string, dir: string, k: Kustomization, objects: KubeObject[]): void {
  for (const p of k.patches) {
    const source = p.path
      ? rel(root, inside(root, dir, p.path))
      : `${rel(root, dir)}/kustomization.yaml (inline patch)`;
    const text = p.path ? readFileSync(inside(root, dir, p.path), 'utf8') : p.patch!;
    const ops = asJsonPatch(parseYaml(text, YAML_OPTIONS), source);
    const matches = objects.filter((o) => matchesTarget(o, p.target));
    // kustomize fails a patch whose target matches nothing; so do we.
    if (matches.length === 0)
      throw new KustomizeError(`${source}: target ${JSON.stringify(p.target)} matches no object`);
    for (const obj of matches) {
      try {
        applyJsonPatch(obj, ops);
      } catch (err) {
        throw new KustomizeError(`${source}: ${(err as Error).message}`);
      }
    }
  }
}

export function matchesTarget(obj: KubeObject, t: PatchTarget): boolean {
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  if (t.group !== undefined && t.group !== group) return false;
  if (t.version !== undefined && t.version !== version) return false;
  if (t.kind !== undefined && t.kind !== obj.kind) return false;
  if (t.name !== undefined && t.name !== obj.metadata.name) return false;
  if (t.namespace !== undefined && t.namespace !== (obj.metadata.namespace ?? '')) return false;
  return true;
}

function assertUnique(root: string, dir: string, objects: KubeObject[]): void {
  const seen = new Set<string>();
  for (const o of objects) {
    const id = `${apiGroup(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    if (seen.has(id)) throw new KustomizeError(`${rel(root, dir)}: ${o.kind} ${o.metadata.name} is defined twice`);
    seen.add(id);
  }
}

/** Resolve `p` against `dir`, refusing anything outside the deploy root. */
function inside(root: string, dir: string, p: string): string {
  const resolved = path.resolve(dir, p);
  if (resolved !== root && !resolved.startsWith(root + path.sep))
    throw new KustomizeError(`${rel(root, dir)}: "${p}" points outside ${root}`);
  return resolved;
}

function rel(root: string, p: string): string {
  return path.join(path.basename(root), path.relative(root, p));
}
