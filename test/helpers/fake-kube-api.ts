// A small in-process Kubernetes API server for tests (node:http on 127.0.0.1).
// It implements exactly what dlna-bridge's adapters use, with the semantics
// the real API server has for them (listed below). Not a general API server.
import http from 'node:http';
import { spawn } from 'node:child_process';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';

// What it serves:
//   - discovery: GET /api/v1, GET /apis/{group}/{version} (APIResourceList)
//   - GET object, GET collection (labelSelector equality terms), list
//     resourceVersion in metadata
//   - watch (?watch=true[&resourceVersion=N]): ADDED for the current state when
//     no version is given, else every change after N; a version older than the
//     compaction point gets an ERROR event with a 410 Status, as the real server
//     sends; newline-delimited JSON, connection kept open
//   - POST create (409 AlreadyExists), PUT update (409 Conflict on a stale
//     metadata.resourceVersion, the optimistic concurrency Leases rely on),
//     DELETE
//   - PATCH application/apply-patch+yaml (server-side apply): fieldManager
//     required, create-or-update, per-field ownership by manager with 409 on a
//     field another manager owns with a different value unless force=true,
//     dryRun=All persists nothing
// Test hooks: upsert/remove objects as "the cluster" would, inject failures,
// read the request log, compact history. Not a general API server.

export interface FakeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    creationTimestamp?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

const RESOURCES: ResourceType[] = [
  { group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false },
  { group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true },
  { group: '', version: 'v1', plural: 'configmaps', kind: 'ConfigMap', namespaced: true },
  { group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true },
  { group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true },
  { group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true },
  { group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false },
  { group: '', version: 'v1', plural: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim', namespaced: true },
  { group: '', version: 'v1', plural: 'persistentvolumes', kind: 'PersistentVolume', namespaced: false },
  { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true },
  { group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true },
  { group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true },
  { group: 'networking.k8s.io', version: 'v1', plural: 'ingresses', kind: 'Ingress', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', kind: 'Role', namespaced: true },
  { group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true },
  { group: 'coordination.k8s.io', version: 'v1', plural: 'leases', kind: 'Lease', namespaced: true },
  { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', kind: 'EndpointSlice', namespaced: true },
  { group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', kind: 'StorageClass', namespaced: false },
];

interface Stored {
  type: ResourceType;
  object: FakeObject;
  /** SSA ownership: JSON path of a leaf -> manager that last applied it. */
  owners: Map<string, string>;
}

interface WatchEvent {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: ResourceType;
  object: FakeObject;
}

interface Watcher {
  resource: ResourceType;
  namespace: string | undefined;
  selector: Record<string, string>;
  res: http.ServerResponse;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  status: number;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}
export interface ProxiedResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  body: string;
}
export type ServiceProxyHandler = (req: ProxiedRequest) => ProxiedResponse;

interface InjectedFailure {
  method: string;
  pathPattern: RegExp;
  status: number;
  times: number;
}

const typeKey = (t: ResourceType): string => `${t.group}/${t.version}/${t.plural}`;
const apiVersionOf = (t: ResourceType): string => (t.group ? `${t.group}/${t.version}` : t.version);

export class FakeKubeApi {
  private server = http.createServer((req, res) => void this.handle(req, res));
  private store = new Map<string, Stored>();
  private history: WatchEvent[] = [];
  private watchers = new Set<Watcher>();
  private rv = 100;
  private compactedRv = 0;
  private failures: InjectedFailure[] = [];
  private proxies = new Map<string, ServiceProxyHandler>();
  private uidCounter = 0;
  readonly requests: LoggedRequest[] = [];
  port = 0;
  private host = '127.0.0.1';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /**
   * Serve on a listening socket made elsewhere: one bound inside a network
   * namespace (listenInNamespace), so processes in namespaces reach this
   * in-process server while the test keeps its hooks.
   */
  async startOn(listening: net.Server): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(listening, resolve));
    const address = this.server.address() as AddressInfo;
    this.host = address.address;
    this.port = address.port;
    return this;
  }

  async stop(): Promise<void> {
    for (const w of this.watchers) w.res.destroy();
    this.watchers.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  get url(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** A KubeConfig pointing @kubernetes/client-node at this server. */
  kubeConfig(namespace = 'media'): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'fake', server: this.url, skipTLSVerify: true }],
      users: [{ name: 'tester', token: 'fake-token' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'tester', namespace }],
      currentContext: 'fake',
    });
    return kc;
  }

  // ---- test hooks: the cluster changing by itself ----

  /** Create or replace an object as the cluster would (controllers, kubelet): bumps resourceVersion, notifies watchers. */
  upsert(obj: FakeObject): FakeObject {
    const type = this.typeFor(obj.apiVersion, obj.kind);
    const key = this.key(type, obj.metadata.namespace, obj.metadata.name);
    const existing = this.store.get(key);
    const stored = structuredClone(obj);
    this.stamp(stored, existing?.object);
    this.store.set(key, { type, object: stored, owners: existing?.owners ?? new Map() });
    this.record(existing ? 'MODIFIED' : 'ADDED', type, stored);
    return structuredClone(stored);
  }

  remove(apiVersion: string, kind: string, namespace: string | undefined, name: string): boolean {
    const type = this.typeFor(apiVersion, kind);
    const key = this.key(type, namespace, name);
    const existing = this.store.get(key);
    if (!existing) return false;
    this.store.delete(key);
    this.rv += 1;
    const gone = { ...existing.object, metadata: { ...existing.object.metadata, resourceVersion: String(this.rv) } };
    this.record('DELETED', type, gone);
    return true;
  }

  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): FakeObject | undefined {
    const s = this.store.get(this.key(this.typeFor(apiVersion, kind), namespace, name));
    return s ? structuredClone(s.object) : undefined;
  }

  list(kind: string): FakeObject[] {
    return [...this.store.values()].filter((s) => s.type.kind === kind).map((s) => structuredClone(s.object));
  }

  /** Forget watch history up to now: a watch from an older resourceVersion gets 410 Gone. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history = [];
  }

  /** End every open watch (as an API server restart or a load balancer timeout would). */
  dropWatches(): void {
    for (const w of this.watchers) w.res.end();
    this.watchers.clear();
  }

  /** Answer the next `times` requests matching method and path with `status`. */
  failNext(method: string, pathPattern: RegExp, status: number, times = 1): void {
    this.failures.push({ method, pathPattern, status, times });
  }

  /** Answer /api/v1/namespaces/NS/services/NAME:PORT/proxy/... with `handler` (the app behind the Service). */
  serviceProxy(namespace: string, service: string, port: number, handler: ServiceProxyHandler): void {
    this.proxies.set(`${namespace}/${service}:${port}`, handler);
  }

  openWatches(): number {
    return this.watchers.size;
  }

  // ---- HTTP ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    const log: LoggedRequest = {
      method,
      path: url.pathname,
      query,
      contentType: req.headers['content-type'],
      status: 0,
    };
    this.requests.push(log);
    const send = (status: number, body: unknown): void => {
      log.status = status;
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      const body = await readBody(req);
      const failure = this.failures.find((f) => f.method === method && f.pathPattern.test(url.pathname) && f.times > 0);
      if (failure) {
        failure.times -= 1;
        return send(failure.status, status(failure.status, 'InternalError', 'injected failure'));
      }
      if (req.headers.authorization !== 'Bearer fake-token')
        return send(401, status(401, 'Unauthorized', 'Unauthorized'));
      const proxy = /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)\/proxy(\/.*)?$/.exec(url.pathname);
      if (proxy) {
        const handler = this.proxies.get(`${decodeURIComponent(proxy[1]!)}/${decodeURIComponent(proxy[2]!)}`);
        if (!handler) return send(503, status(503, 'ServiceUnavailable', 'no endpoints available for service'));
        const answer = handler({ method, path: proxy[3] ?? '/', headers: req.headers, body });
        log.status = answer.status;
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body);
        return;
      }
      const discovery = this.discovery(url.pathname);
      if (discovery)
        return method === 'GET'
          ? send(200, discovery)
          : send(405, status(405, 'MethodNotAllowed', 'method not allowed'));
      const route = this.route(url.pathname);
      if (!route)
        return send(404, status(404, 'NotFound', `the server could not find the requested resource (${url.pathname})`));
      const { type, namespace, name } = route;
      if (method === 'GET' && !name && query['watch'] === 'true') return this.watch(type, namespace, query, res, log);
      if (method === 'GET' && !name)
        return send(200, this.listBody(type, namespace, parseSelector(query['labelSelector'])));
      if (method === 'GET') {
        const s = this.store.get(this.key(type, namespace, name!));
        return s ? send(200, s.object) : send(404, notFound(type, name!));
      }
      if (method === 'POST' && !name) return this.create(type, namespace, parseJson(body), query, send);
      if (method === 'PUT' && name) return this.update(type, namespace, name, parseJson(body), query, send);
      if (method === 'DELETE' && name) {
        const existing = this.store.get(this.key(type, namespace, name));
        if (!existing) return send(404, notFound(type, name));
        this.remove(apiVersionOf(type), type.kind, namespace, name);
        return send(200, status(200, 'Success', 'deleted'));
      }
      if (method === 'PATCH' && name) {
        if (req.headers['content-type'] !== 'application/apply-patch+yaml') {
          return send(
            415,
            status(
              415,
              'UnsupportedMediaType',
              `only server-side apply patches are implemented, not ${req.headers['content-type']}`,
            ),
          );
        }
        return this.apply(type, namespace, name, body, query, send);
      }
      return send(
        405,
        status(405, 'MethodNotAllowed', `${method} ${url.pathname} is not implemented by the fake API server`),
      );
    } catch (err) {
      const e = err as Error & { code?: number };
      send(e.code ?? 500, status(e.code ?? 500, e.code === 400 ? 'BadRequest' : 'InternalError', e.message));
    }
  }

  private discovery(pathname: string): unknown {
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/?$/.exec(pathname);
    if (!m) return undefined;
    const group = m[1] ? '' : m[2]!;
    const version = m[1] ?? m[3]!;
    const resources = RESOURCES.filter((r) => r.group === group && r.version === version);
    if (resources.length === 0) return undefined;
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: group ? `${group}/${version}` : version,
      resources: resources.map((r) => ({
        name: r.plural,
        singularName: r.kind.toLowerCase(),
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      })),
    };
  }

  private route(pathname: string): { type: ResourceType; namespace?: string; name?: string } | undefined {
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+)$/.exec(pathname);
    if (!m) return undefined;
    const group = m[1] ? '' : m[2]!;
    const version = m[1] ?? m[3]!;
    const parts = m[4]!.split('/').filter(Boolean).map(decodeURIComponent);
    let namespace: string | undefined;
    let rest = parts;
    if (parts[0] === 'namespaces' && parts.length >= 3) {
      namespace = parts[1];
      rest = parts.slice(2);
    }
    if (rest.length > 2) return undefined;
    const type = RESOURCES.find((r) => r.group === group && r.version === version && r.plural === rest[0]);
    if (!type) return undefined;
    // A cluster-scoped kind never sits under a namespace; a namespaced object is only named within one.
    if (!type.namespaced && namespace !== undefined) return undefined;
    if (type.namespaced && namespace === undefined && rest.length === 2) return undefined;
    return { type, namespace, name: rest[1] };
  }

  private listBody(type: ResourceType, namespace: string | undefined, selector: Record<string, string>): unknown {
    const items = [...this.store.values()]
      .filter(
        (s) =>
          s.type === type &&
          (namespace === undefined || s.object.metadata.namespace === namespace) &&
          matches(s.object, selector),
      )
      .map((s) => s.object);
    return {
      apiVersion: apiVersionOf(type),
      kind: `${type.kind}List`,
      metadata: { resourceVersion: String(this.rv) },
      items,
    };
  }

  private watch(
    type: ResourceType,
    namespace: string | undefined,
    query: Record<string, string>,
    res: http.ServerResponse,
    log: LoggedRequest,
  ): void {
    log.status = 200;
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    // A real API server answers a watch at once; clients wait for the headers before streaming.
    res.flushHeaders();
    const selector = parseSelector(query['labelSelector']);
    const from = query['resourceVersion'];
    const write = (type_: string, object: unknown): void =>
      void res.write(`${JSON.stringify({ type: type_, object })}\n`);
    if (from && from !== '0' && Number(from) < this.compactedRv) {
      write('ERROR', status(410, 'Expired', `too old resource version: ${from} (${this.compactedRv})`));
      res.end();
      return;
    }
    if (!from || from === '0') {
      for (const s of this.store.values()) {
        if (
          s.type === type &&
          (namespace === undefined || s.object.metadata.namespace === namespace) &&
          matches(s.object, selector)
        )
          write('ADDED', s.object);
      }
    } else {
      for (const e of this.history) {
        if (
          e.rv > Number(from) &&
          e.resource === type &&
          (namespace === undefined || e.object.metadata.namespace === namespace) &&
          matches(e.object, selector)
        ) {
          write(e.type, e.object);
        }
      }
    }
    const watcher: Watcher = { resource: type, namespace, selector, res };
    this.watchers.add(watcher);
    res.on('close', () => this.watchers.delete(watcher));
  }

  private create(
    type: ResourceType,
    namespace: string | undefined,
    obj: FakeObject,
    query: Record<string, string>,
    send: (s: number, b: unknown) => void,
  ): void {
    checkBody(type, obj, namespace);
    const key = this.key(type, namespace, obj.metadata.name);
    if (this.store.has(key))
      return send(409, status(409, 'AlreadyExists', `${type.plural} "${obj.metadata.name}" already exists`));
    const stored = structuredClone(obj);
    if (namespace) stored.metadata.namespace = namespace;
    if (query['dryRun'] === 'All') return send(201, stored);
    this.stamp(stored, undefined);
    this.store.set(key, { type, object: stored, owners: new Map() });
    this.record('ADDED', type, stored);
    send(201, stored);
  }

  private update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    obj: FakeObject,
    query: Record<string, string>,
    send: (s: number, b: unknown) => void,
  ): void {
    checkBody(type, obj, namespace);
    if (obj.metadata.name !== name)
      return send(400, status(400, 'BadRequest', 'the name of the object does not match the name in the URL'));
    const key = this.key(type, namespace, name);
    const existing = this.store.get(key);
    if (!existing) return send(404, notFound(type, name));
    // Optimistic concurrency: an update carrying a resourceVersion must carry the current one.
    const sent = obj.metadata.resourceVersion;
    if (sent !== undefined && sent !== existing.object.metadata.resourceVersion) {
      return send(
        409,
        status(
          409,
          'Conflict',
          `Operation cannot be fulfilled on ${type.plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        ),
      );
    }
    const stored = structuredClone(obj);
    if (namespace) stored.metadata.namespace = namespace;
    if (query['dryRun'] === 'All') return send(200, stored);
    this.stamp(stored, existing.object);
    this.store.set(key, { type, object: stored, owners: existing.owners });
    this.record('MODIFIED', type, stored);
    send(200, stored);
  }

  private apply(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: string,
    query: Record<string, string>,
    send: (s: number, b: unknown) => void,
  ): void {
    const manager = query['fieldManager'];
    if (!manager)
      return send(
        400,
        status(400, 'BadRequest', 'PATCH, application/apply-patch+yaml requires fieldManager to be set'),
      );
    let applied: FakeObject;
    try {
      applied = parseYaml(body, { maxAliasCount: 0 }) as FakeObject;
    } catch (err) {
      return send(400, status(400, 'BadRequest', `error decoding YAML: ${(err as Error).message}`));
    }
    checkBody(type, applied, namespace);
    if (applied.metadata.name !== name)
      return send(400, status(400, 'BadRequest', 'the name of the object does not match the name in the URL'));
    const key = this.key(type, namespace, name);
    const existing = this.store.get(key);
    const leaves = flatten(withoutServerFields(applied));
    const owners = new Map(existing?.owners ?? []);
    if (existing) {
      const current = new Map(flatten(withoutServerFields(existing.object)));
      const conflicts = leaves.filter(([p, v]) => {
        const owner = owners.get(p);
        return (
          owner !== undefined &&
          owner !== manager &&
          current.has(p) &&
          JSON.stringify(current.get(p)) !== JSON.stringify(v)
        );
      });
      if (conflicts.length > 0 && query['force'] !== 'true') {
        return send(
          409,
          status(
            409,
            'Conflict',
            `Apply failed with ${conflicts.length} conflict(s): ${conflicts.map(([p]) => `conflict with "${owners.get(p)}": ${p}`).join(', ')}`,
          ),
        );
      }
    }
    // This manager now owns exactly the fields it applied; fields it owned and dropped are removed.
    const merged: FakeObject = existing
      ? structuredClone(existing.object)
      : ({ apiVersion: applied.apiVersion, kind: applied.kind, metadata: { name } } as FakeObject);
    for (const [p, owner] of [...owners]) {
      if (owner === manager && !leaves.some(([lp]) => lp === p)) {
        deletePath(merged, p);
        owners.delete(p);
      }
    }
    for (const [p, v] of leaves) {
      setPath(merged, p, v);
      owners.set(p, manager);
    }
    if (namespace) merged.metadata.namespace = namespace;
    merged.metadata['managedFields'] = [...new Set(owners.values())].map((m) => ({
      manager: m,
      operation: 'Apply',
      apiVersion: applied.apiVersion,
    }));
    if (query['dryRun'] === 'All') return send(existing ? 200 : 201, merged);
    this.stamp(merged, existing?.object);
    this.store.set(key, { type, object: merged, owners });
    this.record(existing ? 'MODIFIED' : 'ADDED', type, merged);
    send(existing ? 200 : 201, merged);
  }

  // ---- storage ----

  private typeFor(apiVersion: string, kind: string): ResourceType {
    const t = RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
    if (!t) throw new Error(`fake API server: unknown ${apiVersion} ${kind}`);
    return t;
  }

  private key(type: ResourceType, namespace: string | undefined, name: string): string {
    return `${typeKey(type)}/${type.namespaced ? (namespace ?? '') : ''}/${name}`;
  }

  private stamp(obj: FakeObject, previous: FakeObject | undefined): void {
    this.rv += 1;
    obj.metadata.resourceVersion = String(this.rv);
    obj.metadata.uid = previous?.metadata.uid ?? `uid-${++this.uidCounter}`;
    obj.metadata.creationTimestamp =
      previous?.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  }

  private record(type: WatchEvent['type'], resource: ResourceType, object: FakeObject): void {
    const event: WatchEvent = {
      rv: Number(object.metadata.resourceVersion),
      type,
      resource,
      object: structuredClone(object),
    };
    this.history.push(event);
    for (const w of this.watchers) {
      if (
        w.resource === resource &&
        (w.namespace === undefined || w.namespace === object.metadata.namespace) &&
        matches(object, w.selector)
      ) {
        w.res.write(`${JSON.stringify({ type, object })}\n`);
      }
    }
  }
}

/**
 * A TCP listening socket bound to address:port inside network namespace `ns`,
 * handed to this process. Node cannot enter a namespace itself: a helper
 * process started there (`ip netns exec`) binds the socket and sends it over
 * the IPC channel (SCM_RIGHTS), closes its own copy and exits. Connections to
 * it come only from inside that namespace; this process accepts them.
 */
export async function listenInNamespace(ns: string, address: string, port: number): Promise<net.Server> {
  const code = `
    const s = require('node:net').createServer();
    s.on('error', (e) => { console.error(e.message); process.exit(1); });
    s.listen(${port}, ${JSON.stringify(address)}, () => process.send('listening', s, () => { s.close(); process.disconnect(); }));
  `;
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', code], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('message', (_m, handle) => resolve(handle as net.Server));
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`could not listen on ${address}:${port} in ${ns} (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 4 * 1024 * 1024) reject(Object.assign(new Error('request body too large'), { code: 413 }));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(body: string): FakeObject {
  try {
    return JSON.parse(body) as FakeObject;
  } catch (err) {
    throw Object.assign(new Error(`body is not JSON: ${(err as Error).message}`), { code: 400 });
  }
}

function checkBody(type: ResourceType, obj: FakeObject, namespace: string | undefined): void {
  const bad = (m: string): never => {
    throw Object.assign(new Error(m), { code: 400 });
  };
  if (!obj || typeof obj !== 'object') bad('body must be an object');
  if (obj.kind !== type.kind) bad(`kind ${obj.kind} does not match ${type.kind}`);
  if (obj.apiVersion !== apiVersionOf(type)) bad(`apiVersion ${obj.apiVersion} does not match ${apiVersionOf(type)}`);
  if (!obj.metadata?.name) bad('metadata.name is required');
  if (namespace && obj.metadata.namespace && obj.metadata.namespace !== namespace)
    bad('the namespace of the object does not match the namespace in the URL');
}

function status(code: number, reason: string, message: string): unknown {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: code < 400 ? 'Success' : 'Failure',
    message,
    reason,
    code,
  };
}

function notFound(type: ResourceType, name: string): unknown {
  return status(404, 'NotFound', `${type.plural}${type.group ? `.${type.group}` : ''} "${name}" not found`);
}

function parseSelector(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s) return out;
  for (const term of s.split(',')) {
    const m = /^([^=!]+)==?(.*)$/.exec(term.trim());
    if (!m) throw Object.assign(new Error(`unsupported label selector term ${term}`), { code: 400 });
    out[m[1]!] = m[2]!;
  }
  return out;
}

function matches(obj: FakeObject, selector: Record<string, string>): boolean {
  return Object.entries(selector).every(([k, v]) => obj.metadata.labels?.[k] === v);
}

function withoutServerFields(obj: FakeObject): Record<string, unknown> {
  const { metadata, status: _status, ...rest } = obj as FakeObject & { status?: unknown };
  const { resourceVersion: _rv, uid: _uid, creationTimestamp: _ct, managedFields: _mf, ...meta } = metadata;
  return { ...rest, metadata: meta };
}

/** Leaves of an object as [path, value]; lists are leaves (atomic), as most Kubernetes lists are for SSA ownership purposes here. */
function flatten(value: Record<string, unknown>, prefix = ''): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(value)) {
    const p = `${prefix}.${k.replace(/[.\\]/g, (c) => `\\${c}`)}`;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0)
      out.push(...flatten(v as Record<string, unknown>, p));
    else out.push([p, v]);
  }
  return out;
}

function splitPath(p: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 1; i < p.length; i++) {
    const c = p[i]!;
    if (c === '\\') cur += p[++i] ?? '';
    else if (c === '.') {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

function setPath(obj: Record<string, unknown>, p: string, v: unknown): void {
  const parts = splitPath(p);
  let node = obj;
  for (const part of parts.slice(0, -1)) {
    if (node[part] === null || typeof node[part] !== 'object' || Array.isArray(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = structuredClone(v);
}

function deletePath(obj: Record<string, unknown>, p: string): void {
  const parts = splitPath(p);
  let node: Record<string, unknown> | undefined = obj;
  for (const part of parts.slice(0, -1)) node = node?.[part] as Record<string, unknown> | undefined;
  if (node) delete node[parts[parts.length - 1]!];
}
