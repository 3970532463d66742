// Before a command talks to Kubernetes: is any cluster configured, and does its
// API server answer? Without this, client-node falls back to localhost:8080
// and every later call fails on its own (12 "could not read" notes from stack
// doctor, one FAILED line per object from stack apply). One line instead,
// naming what was tried, exit 2.
import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { homedir } from 'node:os';
import path from 'node:path';
import { CliError, EXIT_ERROR } from '../cli/exit-codes.js';

export const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const PROBE_TIMEOUT_MS = 5_000;

export interface ClusterLookup {
  kubeconfig?: string;
  env?: NodeJS.ProcessEnv;
  /** Where the pod's token is mounted (tests point it elsewhere). */
  tokenFile?: string;
}

/**
 * Which configuration a client would use, in client-node's order (--kubeconfig,
 * $KUBECONFIG, ~/.kube/config, the in-cluster service account), or a CliError
 * listing each place tried and why it did not count.
 */
export function requireClusterConfigured(lookup: ClusterLookup = {}): string {
  const env = lookup.env ?? process.env;
  if (lookup.kubeconfig) return `kubeconfig ${lookup.kubeconfig}`;
  const tried: string[] = [];
  const listed = (env['KUBECONFIG'] ?? '').split(path.delimiter).filter(Boolean);
  if (listed.length > 0) {
    const found = listed.find((f) => existsSync(f));
    if (found) return `$KUBECONFIG file ${found}`;
    tried.push(`$KUBECONFIG (${listed.join(', ')}: ${listed.length > 1 ? 'none exists' : 'does not exist'})`);
  } else {
    tried.push('$KUBECONFIG (not set)');
    const home = path.join(env['HOME'] || homedir(), '.kube', 'config');
    if (existsSync(home)) return `kubeconfig ${home}`;
    tried.push(`${home} (does not exist)`);
  }
  const tokenFile = lookup.tokenFile ?? SERVICE_ACCOUNT_TOKEN;
  if (!env['KUBERNETES_SERVICE_HOST']) tried.push('in-cluster service account (KUBERNETES_SERVICE_HOST not set)');
  else if (!existsSync(tokenFile)) tried.push(`in-cluster service account (${tokenFile} does not exist)`);
  else return 'in-cluster service account';
  throw new CliError(`no Kubernetes cluster configured: tried ${tried.join(', ')}; use --kubeconfig FILE, set $KUBECONFIG, or run in a pod`, EXIT_ERROR);
}

/** How to reach the API server: its URL and the TLS settings of the configuration. */
export interface ProbeTarget {
  server: string;
  tls?: https.RequestOptions;
  /** Where the address came from, for the message: "kubeconfig /x (context y)". */
  source: string;
}

/**
 * Ask the API server for /version. Any HTTP answer (even 401 or 403) means it
 * answers; a refused or silent connection, a name that does not resolve or a
 * TLS failure is a CliError naming the server and where it came from.
 */
export async function requireApiServerAnswers(target: ProbeTarget, timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
  let url: URL;
  try {
    url = new URL(`${target.server.replace(/\/+$/, '')}/version`);
  } catch {
    throw new CliError(`the Kubernetes API server address ${JSON.stringify(target.server)} (${target.source}) is not a URL`, EXIT_ERROR);
  }
  const reason = await new Promise<string | undefined>((resolve) => {
    const options: https.RequestOptions = { method: 'GET', headers: { accept: 'application/json', 'user-agent': 'dlna-bridge' }, ...(target.tls ?? {}) };
    const req = url.protocol === 'https:' ? https.request(url, options) : http.request(url, options);
    const timer = setTimeout(() => {
      req.destroy();
      resolve(`no answer within ${timeoutMs / 1000} s`);
    }, timeoutMs);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve(undefined);
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(connectionReason(err));
    });
    req.end();
  });
  if (reason !== undefined) throw new CliError(`the Kubernetes API server ${target.server} from ${target.source} does not answer: ${reason}`, EXIT_ERROR);
}

function connectionReason(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host name does not resolve';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to host';
    case 'ECONNRESET':
      return 'connection reset';
    default:
      return err.message;
  }
}

/** An error from a request that never got an HTTP answer (refused, reset, TLS, DNS): every later request would fail the same way. */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; type?: unknown; cause?: { code?: unknown } } | null;
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'number') return false;
  return typeof e.code === 'string' || e.type === 'system' || typeof e.cause?.code === 'string';
}

/** `serve --kubernetes-service`: the daemon's own (lite) client must find a cluster that answers before the bridge starts. */
export async function requireServeCluster(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { loadLiteKubeConfig, SERVICE_ACCOUNT_DIR } = await import('./config.js');
  requireClusterConfigured({ env, tokenFile: path.join(env['DLNA_BRIDGE_SERVICEACCOUNT_DIR'] ?? SERVICE_ACCOUNT_DIR, 'token') });
  let kube;
  try {
    kube = loadLiteKubeConfig({ env });
  } catch (err) {
    throw new CliError(`serve: ${(err as Error).message}`, EXIT_ERROR);
  }
  await requireApiServerAnswers({
    server: kube.server.href.replace(/\/$/, ''),
    tls: {
      ...(kube.ca ? { ca: kube.ca } : {}),
      ...(kube.cert ? { cert: kube.cert } : {}),
      ...(kube.key ? { key: kube.key } : {}),
      rejectUnauthorized: !kube.insecureSkipTlsVerify,
    },
    source: kube.source,
  });
}
