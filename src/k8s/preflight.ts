// Before a command talks to Kubernetes: is any cluster configured, and does its
// API server answer? Without this, client-node falls back to localhost:8080
// and every later call fails on its own (12 "could not read" notes from stack
// doctor, one FAILED line per object from stack apply). One line instead,
// naming what was tried. Plain node:http and the lite client's config only:
// `serve` uses it without loading client-node.
import { existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { homedir } from 'node:os';
import path from 'node:path';
import { errnoWords } from '../util/errno-words.js';
import { DlnaBridgeError } from '../util/errors.js';

export type KubePreflightCode =
  'KUBE_NOT_CONFIGURED' | 'KUBE_SERVER_ADDRESS_INVALID' | 'KUBE_SERVER_SILENT' | 'KUBE_LITE_CONFIG_INVALID';

/** No cluster to talk to, or one that does not answer: nothing was asked of it. */
export class KubePreflightError extends DlnaBridgeError {
  override readonly kind = 'environment';

  constructor(
    readonly code: KubePreflightCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

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
 * $KUBECONFIG, ~/.kube/config, the in-cluster service account), or a
 * KubePreflightError listing each place tried and why it did not count.
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
  throw new KubePreflightError(
    'KUBE_NOT_CONFIGURED',
    `no Kubernetes cluster configured: tried ${tried.join(', ')}; name a kubeconfig file, set $KUBECONFIG, or run in a pod`,
  );
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
 * TLS failure is a KubePreflightError naming the server and where it came from.
 */
export async function requireApiServerAnswers(target: ProbeTarget, timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
  let url: URL;
  try {
    url = new URL(`${target.server.replace(/\/+$/, '')}/version`);
  } catch {
    throw new KubePreflightError(
      'KUBE_SERVER_ADDRESS_INVALID',
      `the Kubernetes API server address ${JSON.stringify(target.server)} (${target.source}) is not a URL`,
    );
  }
  const reason = await new Promise<string | undefined>((resolve) => {
    const options: https.RequestOptions = {
      method: 'GET',
      headers: { accept: 'application/json', 'user-agent': 'dlna-bridge' },
      ...(target.tls ?? {}),
    };
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
      resolve(errnoWords(err));
    });
    req.end();
  });
  if (reason !== undefined) {
    throw new KubePreflightError(
      'KUBE_SERVER_SILENT',
      `the Kubernetes API server ${target.server} from ${target.source} does not answer: ${reason}`,
    );
  }
}

/** `serve --kubernetes-service`: the daemon's own (lite) client must find a cluster that answers before the bridge starts. */
export async function requireServeCluster(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { loadLiteKubeConfig, SERVICE_ACCOUNT_DIR } = await import('./config.js');
  requireClusterConfigured({
    env,
    tokenFile: path.join(env['DLNA_BRIDGE_SERVICEACCOUNT_DIR'] ?? SERVICE_ACCOUNT_DIR, 'token'),
  });
  let kube;
  try {
    kube = loadLiteKubeConfig({ env });
  } catch (err) {
    // The lite client's own errors keep their codes; anything else it throws is a configuration it cannot use.
    if (err instanceof DlnaBridgeError) throw err;
    throw new KubePreflightError('KUBE_LITE_CONFIG_INVALID', `serve: ${(err as Error).message}`, { cause: err });
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
