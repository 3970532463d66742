// The user's values for `stack render` / `stack apply`: what differs between
// one home cluster and the next. Every value is checked here, then written into
// a field of a parsed manifest (apply-values.ts), never pasted into YAML text,
// so a value can neither add keys nor objects. Pure: no I/O.
import { isIPv4, isIPv6 } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DlnaBridgeError } from '../util/errors.js';

/** The apps whose image can be pinned with `images.<app>`. */
export const STACK_APPS = [
  'jellyfin',
  'jellyseerr',
  'radarr',
  'sonarr',
  'lazylibrarian',
  'prowlarr',
  'qbittorrent',
  'sabnzbd',
  'audiobookshelf',
  'dlna-bridge',
] as const;
export type StackApp = (typeof STACK_APPS)[number];

const DNS_LABEL = '[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?';
const dnsName = new RegExp(`^(?=.{1,253}$)${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
// Kubernetes object names (StorageClass): a DNS-1123 subdomain.
const k8sName = z.string().regex(dnsName, 'must be a lower-case DNS-1123 name such as "local-path"');

const hostName = z
  .string()
  .refine((s) => isIPv4(s) || (dnsName.test(s) && /[a-z]/.test(s)), 'must be a host name or an IPv4 address');

const ipAddress = z.string().refine((s) => isIPv4(s) || isIPv6(s), 'must be an IPv4 or IPv6 address');

// Label key: optional DNS prefix and "/", then a name of up to 63 characters.
const LABEL_NAME = '[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const labelSelector = new RegExp(`^(?:${DNS_LABEL}(?:\\.${DNS_LABEL})*/)?${LABEL_NAME}=(?:${LABEL_NAME})?$`);

const quantity = z.string().regex(/^[1-9][0-9]{0,5}(?:Mi|Gi|Ti)$/, 'must be a size such as "500Gi" or "2Ti"');

// Image references: registry/path:tag or @sha256:digest, no spaces or quotes.
const image = z
  .string()
  .regex(
    /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
    'must be an image reference such as "jellyfin/jellyfin:10.11.0"',
  );

// An IPv4 or IPv6 network in CIDR notation, e.g. 10.42.0.0/16.
const cidr = z.string().refine((s) => {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const [addr, bits] = [s.slice(0, slash), s.slice(slash + 1)];
  if (!/^[0-9]{1,3}$/.test(bits)) return false;
  return (isIPv4(addr) && Number(bits) <= 32) || (isIPv6(addr) && Number(bits) <= 128);
}, 'must be a network in CIDR notation such as "10.42.0.0/16"');

// Empty: unset (the value's feature is off).
const optionalName = z.union([z.literal(''), k8sName]);

const id = z.number().int().min(1, 'must be 1 or more (the apps run as non-root)').max(2_147_483_647);

export const valuesSchema = z
  .object({
    domain: z.string().regex(dnsName, 'must be a DNS name such as "media.example.org"').default('media.home.arpa'),
    timezone: z
      .string()
      .max(64)
      .regex(/^[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)*$/, 'must be a tz database name such as "Europe/Berlin"')
      .default('Etc/UTC'),
    puid: id.default(1000),
    pgid: id.default(1000),
    storage: z
      .object({
        configClass: k8sName.default('local-path'),
        mediaClass: k8sName.default('nfs-media'),
        nfs: z
          .object({
            server: hostName.default('nfs.home.arpa'),
            path: z
              .string()
              .regex(/^\/[A-Za-z0-9._/-]*$/, 'must be an absolute path of letters, digits, ".", "_", "-" and "/"')
              .refine((p) => !p.split('/').includes('..'), 'must not contain ".."')
              .default('/srv/media'),
            capacity: quantity.default('1Ti'),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
    mediaNodeLabel: z
      .string()
      .regex(labelSelector, 'must be a node label "key=value" such as "dlna-bridge.io/media=true"')
      .default('dlna-bridge.io/media=true'),
    lanInterface: z
      .string()
      .regex(/^[A-Za-z0-9_.:@-]{1,15}$/, 'must be a network interface name (up to 15 characters) such as "eth0"')
      .refine((s) => s !== '.' && s !== '..', 'must be a network interface name')
      .default('eth0'),
    gpu: z.boolean().default(true),
    dns: z
      .object({
        coredns: z.boolean().default(false),
        upstreams: z
          .array(ipAddress)
          .min(1, 'needs at least one resolver')
          .max(15, 'CoreDNS forwards to at most 15 upstreams')
          .default(['1.1.1.1', '8.8.8.8']),
      })
      .strict()
      .default({}),
    tls: z
      .object({
        // An existing TLS Secret (a wildcard certificate) every Ingress serves.
        secretName: optionalName.default(''),
        // cert-manager: annotate each Ingress with this ClusterIssuer; each host gets its own Secret <app>-tls.
        clusterIssuer: optionalName.default(''),
      })
      .strict()
      .refine((t) => !(t.secretName && t.clusterIssuer), {
        message:
          'give secretName (an existing certificate) or clusterIssuer (cert-manager issues one per host), not both',
      })
      .default({}),
    monitoring: z
      .object({
        // Render components/monitoring: a PodMonitor for the bridge's /metrics (needs the Prometheus Operator CRDs).
        podMonitor: z.boolean().default(false),
        // Who may read the bridge's admin port (/metrics) on the node address: Prometheus's pod network.
        allow: z.array(cidr).min(1, 'needs at least one network').max(32).default(['10.42.0.0/16']),
      })
      .strict()
      .default({}),
    images: z
      .object(Object.fromEntries(STACK_APPS.map((app) => [app, image.optional()])))
      .strict()
      .default({}),
  })
  .strict();

export type StackValues = z.infer<typeof valuesSchema>;

export type ValuesErrorCode =
  'STACK_VALUES_INVALID' | 'STACK_VALUES_YAML_INVALID' | 'STACK_VALUES_UNREADABLE' | 'STACK_SET_INVALID';

/** Values the stack cannot be rendered with; every problem is in the message. */
export class ValuesError extends DlnaBridgeError {
  constructor(
    readonly code: ValuesErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function defaultValues(): StackValues {
  return valuesSchema.parse({});
}

/** Check raw values (from YAML and --set); every problem is listed, one per line. */
export function validateValues(raw: unknown, source = 'values'): StackValues {
  const result = valuesSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    const got = valueAt(raw, issue.path);
    const shown = got === undefined || typeof got === 'object' ? '' : ` (got ${JSON.stringify(got)})`;
    return `  ${where}: ${message}${shown}`;
  });
  throw new ValuesError('STACK_VALUES_INVALID', `${source}: invalid values:\n${lines.join('\n')}`);
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let node = raw;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Parse a values file's text: a YAML mapping (aliases bounded, duplicate keys refused). */
export function parseValuesYaml(text: string, source: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 0, uniqueKeys: true, prettyErrors: true });
  } catch (err) {
    throw new ValuesError('STACK_VALUES_YAML_INVALID', `${source}: not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new ValuesError('STACK_VALUES_YAML_INVALID', `${source}: must be a YAML mapping of values`);
  return doc as Record<string, unknown>;
}

/**
 * Apply one `--set key=value` to raw values. The key must name a known value;
 * the text is converted by that value's type (true/false, whole numbers,
 * comma-separated lists), never parsed as YAML.
 */
export function applySet(raw: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new ValuesError('STACK_SET_INVALID', `${JSON.stringify(assignment)}: expected key=value`);
  const key = assignment.slice(0, eq);
  const text = assignment.slice(eq + 1);
  const path = key.split('.');
  const kind = leafKind(path);
  if (!kind) throw new ValuesError('STACK_SET_INVALID', `${key}: unknown value; known: ${knownKeys().join(', ')}`);
  let value: unknown;
  switch (kind) {
    case 'boolean':
      if (text !== 'true' && text !== 'false')
        throw new ValuesError('STACK_SET_INVALID', `${key}: must be true or false (got ${JSON.stringify(text)})`);
      value = text === 'true';
      break;
    case 'number':
      if (!/^[0-9]{1,10}$/.test(text))
        throw new ValuesError('STACK_SET_INVALID', `${key}: must be a whole number (got ${JSON.stringify(text)})`);
      value = Number(text);
      break;
    case 'array':
      value = text === '' ? [] : text.split(',').map((s) => s.trim());
      break;
    default:
      value = text;
  }
  let node: Record<string, unknown> = raw;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (next === undefined || next === null) node[part] = {};
    else if (typeof next !== 'object' || Array.isArray(next))
      throw new ValuesError('STACK_SET_INVALID', `${key}: ${part} is not a mapping in the values file`);
    node = node[part] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
}

type LeafKind = 'string' | 'number' | 'boolean' | 'array';

function leafKind(path: string[]): LeafKind | undefined {
  if (path.length === 2 && path[0] === 'images')
    return (STACK_APPS as readonly string[]).includes(path[1]!) ? 'string' : undefined;
  let node: unknown = defaultValues();
  for (const part of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, part))
      return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  if (Array.isArray(node)) return 'array';
  if (typeof node === 'boolean') return 'boolean';
  if (typeof node === 'number') return 'number';
  if (typeof node === 'string') return 'string';
  return undefined;
}

/** Every key --set accepts, dotted. */
export function knownKeys(): string[] {
  const keys: string[] = [];
  const walk = (node: unknown, prefix: string): void => {
    if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.keys(node).length > 0) {
      for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k);
    } else if (prefix !== 'images') keys.push(prefix);
  };
  walk(defaultValues(), '');
  keys.push(...STACK_APPS.map((app) => `images.${app}`));
  return keys;
}

/** The label key and value of `mediaNodeLabel`. */
export function splitLabel(label: string): [key: string, value: string] {
  const eq = label.indexOf('=');
  return [label.slice(0, eq), label.slice(eq + 1)];
}
