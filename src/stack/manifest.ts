// Kubernetes manifests as parsed objects: the unit stack render, validate,
// apply and doctor work on. Pure helpers, no I/O.
import { Document, parse, visit } from 'yaml';

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  [field: string]: unknown;
}

export function isKubeObject(value: unknown): value is KubeObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const meta = v['metadata'] as Record<string, unknown> | undefined;
  return (
    typeof v['apiVersion'] === 'string' &&
    typeof v['kind'] === 'string' &&
    !!meta &&
    typeof meta === 'object' &&
    typeof meta['name'] === 'string'
  );
}

/** "Kind namespace/name" (or "Kind name" for cluster-scoped objects): how objects are named in output. */
export function objectRef(obj: Pick<KubeObject, 'kind' | 'metadata'>): string {
  const ns = obj.metadata.namespace;
  return `${obj.kind} ${ns ? `${ns}/` : ''}${obj.metadata.name}`;
}

/** The group of an apiVersion: "" for the core group ("v1"). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

// Apply order: what others depend on first (kustomize's legacy order for the kinds used here).
const KIND_ORDER = [
  'Namespace',
  'StorageClass',
  'ServiceAccount',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
  'Secret',
  'Service',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Ingress',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/** Stable apply order: by kind (dependencies first), then namespace and name. */
export function sortForApply(objects: KubeObject[]): KubeObject[] {
  return [...objects].sort(
    (a, b) =>
      kindRank(a.kind) - kindRank(b.kind) ||
      a.kind.localeCompare(b.kind) ||
      (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
      a.metadata.name.localeCompare(b.metadata.name),
  );
}

const readsAs = new Map<string, boolean>();

/**
 * Whether a plain (unquoted) `text` would read back as the string itself under
 * both YAML 1.2 (this package's default) and YAML 1.1, which kubectl's decoder
 * follows: `off`, `yes`, `y`, `0755`, `12:30`, `1e3`, `~` are booleans,
 * numbers or null in one of them.
 */
function plainIsString(text: string): boolean {
  let ok = readsAs.get(text);
  if (ok === undefined) {
    try {
      ok = parse(text, { version: '1.1' }) === text && parse(text, { version: '1.2' }) === text;
    } catch {
      ok = false;
    }
    if (readsAs.size > 10_000) readsAs.clear();
    readsAs.set(text, ok);
  }
  return ok;
}

/**
 * One object as YAML that every YAML reader decodes to the same value: a
 * string that a YAML 1.1 or 1.2 reader would take for another type is double
 * quoted (keys too). Never anchors/aliases (kubectl and other readers may refuse them).
 */
export function toYaml(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || node.value.includes('\n')) return;
      if (!plainIsString(node.value)) node.type = 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** One multi-document YAML stream. */
export function toMultiDocYaml(objects: KubeObject[]): string {
  return objects.map(toYaml).join('---\n');
}

/** A file name for one object in `--out DIR`: ordered, readable, safe characters only. */
export function fileNameFor(obj: KubeObject, index: number): string {
  const safe = (s: string): string => s.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
  const ns = obj.metadata.namespace ? `${safe(obj.metadata.namespace)}-` : '';
  return `${String(index).padStart(2, '0')}-${safe(obj.kind)}-${ns}${safe(obj.metadata.name)}.yaml`;
}

export function deepClone<T>(value: T): T {
  return structuredClone(value);
}
