// Read what `stack doctor` checks from a live cluster into a ClusterSnapshot.
// Thin: list calls and one optional qBittorrent API look; every decision is in
// src/stack/doctor/. A kind that cannot be read (RBAC) is recorded, not fatal.
import { KubernetesObjectApi, type KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../manifest.js';
import type { ClusterSnapshot, QbtPreferencesSeen } from '../doctor/snapshot.js';
import { apiErrorMessage } from './api-errors.js';
import { interpretLogin, type LoginOutcome } from '../../qbt/login-response.js';
import { serviceProxyRequest } from './service-proxy.js';

export interface SnapshotOptions {
  namespace: string;
  /** Ask qBittorrent's WebUI API through the API server's service proxy. */
  qbittorrentApi: boolean;
  env?: NodeJS.ProcessEnv;
}

const NAMESPACED: [apiVersion: string, kind: string][] = [
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'DaemonSet'],
  ['apps/v1', 'StatefulSet'],
  ['v1', 'Pod'],
  ['v1', 'PersistentVolumeClaim'],
  ['v1', 'Service'],
  ['v1', 'ConfigMap'],
  ['networking.k8s.io/v1', 'Ingress'],
];
const CLUSTER: [apiVersion: string, kind: string][] = [
  ['v1', 'PersistentVolume'],
  ['storage.k8s.io/v1', 'StorageClass'],
];

export async function readClusterSnapshot(kc: KubeConfig, options: SnapshotOptions): Promise<ClusterSnapshot> {
  const api = KubernetesObjectApi.makeApiClient(kc);
  const snapshot: ClusterSnapshot = { namespace: options.namespace, objects: [], unreadable: [] };
  const list = async (apiVersion: string, kind: string, namespace?: string): Promise<void> => {
    try {
      const res = await api.list(apiVersion, kind, namespace);
      // Items of a list carry no apiVersion/kind: put them back.
      for (const item of res.items) snapshot.objects.push(plain({ ...item, apiVersion, kind }) as KubeObject);
    } catch (err) {
      snapshot.unreadable.push({
        what: `${kind}${kind.endsWith('s') ? 'es' : 's'}${namespace ? ` in ${namespace}` : ''}`,
        error: apiErrorMessage(err),
      });
    }
  };
  await Promise.all([
    ...NAMESPACED.map(([v, k]) => list(v, k, options.namespace)),
    ...CLUSTER.map(([v, k]) => list(v, k)),
  ]);
  for (const name of ['coredns', 'coredns-custom']) {
    try {
      const cm = await api.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'kube-system' } });
      snapshot.objects.push(plain({ ...cm, apiVersion: 'v1', kind: 'ConfigMap' }) as KubeObject);
    } catch (err) {
      const message = apiErrorMessage(err);
      if (!message.startsWith('HTTP 404'))
        snapshot.unreadable.push({ what: `ConfigMap kube-system/${name}`, error: message });
    }
  }
  if (options.qbittorrentApi) {
    const qbt = snapshot.objects.find((o) => o.kind === 'Service' && o.metadata.name === 'qbittorrent');
    if (qbt) snapshot.qbittorrentApi = await readQbtPreferences(kc, options.namespace, qbt, options.env ?? process.env);
  }
  return snapshot;
}

/** Typed client objects (Dates, class instances) -> plain JSON data, as the checks expect. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

async function readQbtPreferences(
  kc: KubeConfig,
  namespace: string,
  svc: KubeObject,
  env: NodeJS.ProcessEnv,
): Promise<ClusterSnapshot['qbittorrentApi']> {
  const ports = (svc['spec'] as { ports?: { name?: string; port: number }[] }).ports ?? [];
  const port = (ports.find((p) => p.name === 'http') ?? ports[0])?.port;
  if (!port) return { via: `Service ${namespace}/qbittorrent`, error: 'the Service has no port' };
  const via = `service proxy ${namespace}/qbittorrent:${port}`;
  const base = { namespace, service: 'qbittorrent', port };
  try {
    const headers: Record<string, string> = {};
    const username = env['DLNA_BRIDGE_QBT_USERNAME'] || 'admin';
    const password = env['DLNA_BRIDGE_QBT_PASSWORD'];
    if (password) {
      const login = await serviceProxyRequest(kc, {
        ...base,
        path: '/api/v2/auth/login',
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username, password }).toString(),
      });
      const outcome = interpretLogin(login.status, login.body, [login.headers['set-cookie'] ?? []].flat());
      if (outcome.kind !== 'ok') return { via, error: loginError(outcome, username) };
      if (!outcome.cookie)
        return {
          via,
          error: `login accepted (HTTP ${login.status}) but no session cookie came back through the service proxy`,
        };
      headers['cookie'] = `${outcome.cookie.name}=${outcome.cookie.value}`;
    }
    const res = await serviceProxyRequest(kc, { ...base, path: '/api/v2/app/preferences', headers });
    if (res.status === 403) return { via, error: 'HTTP 403: qBittorrent needs a login (set DLNA_BRIDGE_QBT_PASSWORD)' };
    if (res.status !== 200) return { via, error: `HTTP ${res.status}` };
    const prefs = JSON.parse(res.body) as Record<string, unknown>;
    const seen: QbtPreferencesSeen = {};
    if (typeof prefs['save_path'] === 'string') seen.save_path = prefs['save_path'];
    if (typeof prefs['temp_path_enabled'] === 'boolean') seen.temp_path_enabled = prefs['temp_path_enabled'];
    if (typeof prefs['temp_path'] === 'string') seen.temp_path = prefs['temp_path'];
    return { via, preferences: seen };
  } catch (err) {
    return { via, error: (err as Error).message };
  }
}

/** Why a login failed, in words that say what to do: a wrong password, a ban and an odd answer need different things. */
export function loginError(outcome: Exclude<LoginOutcome, { kind: 'ok' }>, username: string): string {
  switch (outcome.kind) {
    case 'bad-credentials':
      // 401 is also 5.2+'s wrong password; up to 5.1 it is 200 "Fails.".
      return `login refused (HTTP ${outcome.status}${outcome.body ? ` "${outcome.body}"` : ''}): wrong username or password for "${username}" (DLNA_BRIDGE_QBT_USERNAME / DLNA_BRIDGE_QBT_PASSWORD)`;
    case 'banned':
      return 'qBittorrent has banned this client address after too many failed logins (HTTP 403); wait for the ban to end (WebUI ban duration, 1 hour by default) or restart the qBittorrent pod, then retry with the right password';
    case 'unexpected':
      return `login: unexpected answer HTTP ${outcome.status}${outcome.body ? `: ${outcome.body}` : ''}`;
  }
}
