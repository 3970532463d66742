// JSON Patch (RFC 6902) for the patches deploy/ components use through
// kustomize: add, replace, remove and test. Pure; the object is changed in place.
import { DlnaBridgeError } from '../util/errors.js';

export interface JsonPatchOp {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
}

/** A patch in deploy/ that is malformed or does not fit the object it targets. */
export class JsonPatchError extends DlnaBridgeError {
  readonly code = 'STACK_PATCH_INVALID';
  override readonly kind = 'environment';
}

/** RFC 6901: "/a/b~1c" -> ["a", "b/c"]. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`JSON pointer ${JSON.stringify(pointer)} must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function isContainer(v: unknown): v is Container {
  return v !== null && typeof v === 'object';
}

function arrayIndex(token: string, length: number, allowEnd: boolean, path: string): number {
  if (allowEnd && token === '-') return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError(`${path}: "${token}" is not an array index`);
  const i = Number(token);
  if (i > length || (!allowEnd && i >= length)) throw new JsonPatchError(`${path}: index ${i} is out of range`);
  return i;
}

export function applyJsonPatch(doc: unknown, ops: JsonPatchOp[]): void {
  for (const op of ops) {
    const tokens = parsePointer(op.path);
    if (tokens.length === 0) throw new JsonPatchError(`${op.op} on the whole document is not supported`);
    let parent: unknown = doc;
    for (const token of tokens.slice(0, -1)) {
      if (!isContainer(parent)) throw new JsonPatchError(`${op.path}: no such path`);
      parent = Array.isArray(parent)
        ? parent[arrayIndex(token, parent.length, false, op.path)]
        : (parent as Record<string, unknown>)[token];
    }
    if (!isContainer(parent)) throw new JsonPatchError(`${op.path}: no such path`);
    const last = tokens[tokens.length - 1]!;
    switch (op.op) {
      case 'add':
        if (Array.isArray(parent))
          parent.splice(arrayIndex(last, parent.length, true, op.path), 0, structuredClone(op.value));
        else parent[last] = structuredClone(op.value);
        break;
      case 'replace':
        if (Array.isArray(parent)) parent[arrayIndex(last, parent.length, false, op.path)] = structuredClone(op.value);
        else {
          if (!Object.hasOwn(parent, last)) throw new JsonPatchError(`${op.path}: replace of a missing member`);
          parent[last] = structuredClone(op.value);
        }
        break;
      case 'remove':
        if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false, op.path), 1);
        else {
          if (!Object.hasOwn(parent, last)) throw new JsonPatchError(`${op.path}: remove of a missing member`);
          delete parent[last];
        }
        break;
      case 'test': {
        const actual = Array.isArray(parent) ? parent[arrayIndex(last, parent.length, false, op.path)] : parent[last];
        if (JSON.stringify(actual) !== JSON.stringify(op.value)) throw new JsonPatchError(`${op.path}: test failed`);
        break;
      }
      default:
        throw new JsonPatchError(`unsupported JSON patch op ${JSON.stringify((op as { op: unknown }).op)}`);
    }
  }
}

/** Check that parsed YAML is a list of patch operations. */
export function asJsonPatch(value: unknown, source: string): JsonPatchOp[] {
  if (!Array.isArray(value)) throw new JsonPatchError(`${source}: a JSON 6902 patch must be a list of operations`);
  return value.map((v, i) => {
    const op = v as Record<string, unknown>;
    if (
      !op ||
      typeof op !== 'object' ||
      typeof op['path'] !== 'string' ||
      !['add', 'replace', 'remove', 'test'].includes(op['op'] as string)
    ) {
      throw new JsonPatchError(`${source}: operation ${i + 1} needs op (add|replace|remove|test) and path`);
    }
    if (op['op'] !== 'remove' && !Object.hasOwn(op, 'value'))
      throw new JsonPatchError(`${source}: operation ${i + 1} needs a value`);
    return op as unknown as JsonPatchOp;
  });
}
