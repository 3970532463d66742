// Where the daemon's own small Kubernetes client connects, and as whom.
// @kubernetes/client-node's KubeConfig alone costs ~80 MiB of RSS (its config
// module pulls the generated models): more than the daemon's whole idle budget
// (issue 3: <= 60 MiB). The daemon needs one server, one identity: this reads
// exactly that from a kubeconfig file or the pod's service account.
// Not supported here: exec and auth-provider plugins (they run programs or
// refresh OAuth tokens), proxies, merging several kubeconfig files.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';

export interface LiteKubeConfig {
  /** The API server's base URL (http: only for tests and local proxies). */
  server: URL;
  /** PEM of the CA that signs the API server's certificate; undefined: Node's default roots. */
  ca?: Buffer;
  /** Client certificate authentication. */
  cert?: Buffer;
  key?: Buffer;
  insecureSkipTlsVerify?: boolean;
  /** The bearer token to send now (a projected service-account token rotates: read it per request). */
  token(): string | undefined;
  /** The context's (or the pod's) namespace, when known. */
  namespace?: string;
  /** For error messages: "kubeconfig /path (context x)" or "in-cluster service account". */
  source: string;
}

export class LiteKubeConfigError extends Error {
  override name = 'LiteKubeConfigError';
}

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The kubelet refreshes a projected token well before it expires (at 80% of its life, >= 10 min): re-reading every minute is ample. */
export const TOKEN_REREAD_MS = 60_000;

export interface LoadOptions {
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
}

/** Like client-node's loadFromDefault: --kubeconfig, else $KUBECONFIG, else ~/.kube/config, else the in-cluster service account. */
export function loadLiteKubeConfig(options: LoadOptions = {}): LiteKubeConfig {
  const env = options.env ?? process.env;
  if (options.kubeconfig) return kubeConfigFromFile(options.kubeconfig, options.context);
  const fromEnv = (env['KUBECONFIG'] ?? '').split(path.delimiter).filter(Boolean);
  // client-node merges a $KUBECONFIG list; lite mode takes the first file that exists.
  for (const file of fromEnv) if (existsSync(file)) return kubeConfigFromFile(file, options.context);
  const home = path.join(env['HOME'] ?? homedir(), '.kube', 'config');
  if (fromEnv.length === 0 && existsSync(home)) return kubeConfigFromFile(home, options.context);
  if (env['KUBERNETES_SERVICE_HOST']) return inClusterConfig(env);
  throw new LiteKubeConfigError(
    fromEnv.length > 0
      ? `none of the kubeconfig files in $KUBECONFIG can be read: ${fromEnv.join(', ')}`
      : 'no Kubernetes cluster configured (use $KUBECONFIG, ~/.kube/config or run in a pod)',
  );
}

/** The pod's service account: KUBERNETES_SERVICE_HOST/PORT and the mounted token, CA and namespace. */
export function inClusterConfig(env: NodeJS.ProcessEnv = process.env, now: () => number = Date.now): LiteKubeConfig {
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'] ?? '443';
  if (!host) throw new LiteKubeConfigError('not in a pod: KUBERNETES_SERVICE_HOST is not set');
  // For tests: the directory the service account is mounted at.
  const dir = env['DLNA_BRIDGE_SERVICEACCOUNT_DIR'] ?? SERVICE_ACCOUNT_DIR;
  const tokenFile = path.join(dir, 'token');
  let token = readToken(tokenFile);
  let readAt = now();
  let ca: Buffer;
  try {
    ca = readFileSync(path.join(dir, 'ca.crt'));
  } catch (err) {
    throw new LiteKubeConfigError(
      `in-cluster config: cannot read ${path.join(dir, 'ca.crt')}: ${(err as Error).message}`,
    );
  }
  let namespace: string | undefined;
  try {
    namespace = readFileSync(path.join(dir, 'namespace'), 'utf8').trim() || undefined;
  } catch {
    /* optional: the caller names its namespaces */
  }
  return {
    server: new URL(`https://${host.includes(':') ? `[${host}]` : host}:${port}`),
    ca,
    token() {
      if (now() - readAt >= TOKEN_REREAD_MS) {
        readAt = now();
        try {
          token = readToken(tokenFile);
        } catch {
          /* keep the last token: a rotation in progress must not fail a renewal */
        }
      }
      return token;
    },
    ...(namespace ? { namespace } : {}),
    source: `in-cluster service account (${dir})`,
  };
}

function readToken(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new LiteKubeConfigError(
      `in-cluster config: cannot read the service account token ${file}: ${(err as Error).message}`,
    );
  }
}

/**
 * JSON (what client-node exports) is parsed natively; only a YAML kubeconfig
 * (kubectl's) loads the yaml package, ~9 MiB of RSS the in-cluster DaemonSet
 * never needs. Aliases are refused (no billion laughs).
 */
function parseDocument(text: string): unknown {
  if (/^\s*\{/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      /* YAML flow mapping that is not JSON: the YAML parser decides */
    }
  }
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return parse(text, { maxAliasCount: 0 });
}

export function kubeConfigFromFile(file: string, context?: string): LiteKubeConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new LiteKubeConfigError(`cannot read kubeconfig ${file}: ${(err as Error).message}`);
  }
  return parseKubeConfig(text, { file, ...(context ? { context } : {}) });
}

interface NamedEntry {
  name?: unknown;
  [k: string]: unknown;
}

/** A kubeconfig document (YAML or JSON) -> the current (or named) context's cluster and user. Relative file paths resolve against the file's directory. */
export function parseKubeConfig(text: string, where: { file?: string; context?: string } = {}): LiteKubeConfig {
  const label = where.file ? `kubeconfig ${where.file}` : 'kubeconfig';
  const fail = (m: string): never => {
    throw new LiteKubeConfigError(`${label}: ${m}`);
  };
  let doc: unknown;
  try {
    doc = parseDocument(text);
  } catch (err) {
    fail(`not valid YAML: ${(err as Error).message}`);
  }
  if (!doc || typeof doc !== 'object') fail('not a kubeconfig document');
  const d = doc as Record<string, unknown>;
  const contextName = where.context ?? (typeof d['current-context'] === 'string' ? d['current-context'] : undefined);
  if (!contextName) fail('no current-context set and no context named');
  const find = (list: string, name: string, field: string): Record<string, unknown> => {
    const entries = Array.isArray(d[list]) ? (d[list] as NamedEntry[]) : [];
    const entry = entries.find((e) => e && e.name === name);
    if (!entry) fail(`no ${field} named "${name}"`);
    const inner = entry![field];
    return inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : {};
  };
  const ctx = find('contexts', contextName!, 'context');
  if (typeof ctx['cluster'] !== 'string') fail(`context "${contextName}" names no cluster`);
  const cluster = find('clusters', ctx['cluster'] as string, 'cluster');
  const user = typeof ctx['user'] === 'string' ? find('users', ctx['user'], 'user') : {};
  const userName = String(ctx['user'] ?? '');
  if (user['exec'] !== undefined || user['auth-provider'] !== undefined) {
    fail(
      `user "${userName}" authenticates with an ${user['exec'] !== undefined ? 'exec' : 'auth-provider'} plugin, which the bridge daemon's lite Kubernetes client does not support ` +
        '(it runs no credential programs): use a token, a client certificate, or the in-cluster service account',
    );
  }
  if (typeof cluster['server'] !== 'string') fail(`cluster "${ctx['cluster']}" has no server`);
  let server: URL;
  try {
    server = new URL(cluster['server'] as string);
  } catch {
    return fail(`cluster "${ctx['cluster']}" server is not a URL: ${String(cluster['server'])}`);
  }
  if (server.protocol !== 'https:' && server.protocol !== 'http:')
    fail(`cluster server must be https:// or http://, not ${server.protocol}`);
  const dir = where.file ? path.dirname(where.file) : process.cwd();
  const material = (obj: Record<string, unknown>, key: string): Buffer | undefined => {
    const data = obj[`${key}-data`];
    if (typeof data === 'string' && data) return Buffer.from(data, 'base64');
    const file = obj[key];
    if (typeof file !== 'string' || !file) return undefined;
    const resolved = path.resolve(dir, file);
    try {
      return readFileSync(resolved);
    } catch (err) {
      return fail(`cannot read ${key} ${resolved}: ${(err as Error).message}`);
    }
  };
  let token: string | undefined = typeof user['token'] === 'string' && user['token'] ? user['token'] : undefined;
  if (!token && typeof user['tokenFile'] === 'string') {
    try {
      token = readFileSync(path.resolve(dir, user['tokenFile']), 'utf8').trim();
    } catch (err) {
      fail(`cannot read tokenFile ${user['tokenFile']}: ${(err as Error).message}`);
    }
  }
  const ca = material(cluster, 'certificate-authority');
  const cert = material(user, 'client-certificate');
  const key = material(user, 'client-key');
  if ((cert === undefined) !== (key === undefined))
    fail(`user "${userName}" needs both client-certificate and client-key`);
  const namespace = typeof ctx['namespace'] === 'string' && ctx['namespace'] ? ctx['namespace'] : undefined;
  return {
    server,
    ...(ca ? { ca } : {}),
    ...(cert ? { cert } : {}),
    ...(key ? { key } : {}),
    ...(cluster['insecure-skip-tls-verify'] === true ? { insecureSkipTlsVerify: true } : {}),
    token: () => token,
    ...(namespace ? { namespace } : {}),
    source: `${label} (context ${contextName})`,
  };
}
