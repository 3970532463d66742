// Write the user's values into the fields of the parsed deploy/ objects. Each
// setter names the exact field it owns and fails loudly when deploy/ no longer
// has it (the manifests and this file drifted apart), so a value never lands
// nowhere. Pure: objects in, objects out.
import { DlnaBridgeError } from '../util/errors.js';
import { deepClone, type KubeObject } from './manifest.js';
import { splitLabel, STACK_APPS, type StackValues } from './values.js';

/** deploy/ lacks a field a value is written into: the manifests and this file drifted apart. */
export class RenderError extends DlnaBridgeError {
  readonly code = 'STACK_RENDER_DRIFT';
  override readonly kind = 'environment';
}

export const STACK_NAMESPACE = 'media';
export const BRIDGE_NAME = 'dlna-bridge';
export const MEDIA_CLAIM = 'media-data';
/** Apps with an Ingress: their host is `<name>.<domain>`. */
export const INGRESS_APPS = [
  'jellyfin',
  'jellyseerr',
  'radarr',
  'sonarr',
  'lazylibrarian',
  'audiobookshelf',
  'sabnzbd',
] as const;

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}
export interface ContainerSpec {
  name: string;
  image: string;
  env?: EnvVar[];
  [k: string]: unknown;
}
export interface PodSpec {
  containers: ContainerSpec[];
  initContainers?: ContainerSpec[];
  securityContext?: Record<string, unknown>;
  nodeSelector?: Record<string, string>;
  [k: string]: unknown;
}

/** The pod spec of a Deployment, DaemonSet or StatefulSet; undefined for other kinds. */
export function podSpecOf(obj: KubeObject): PodSpec | undefined {
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(obj.kind)) return undefined;
  const spec = (obj['spec'] as { template?: { spec?: PodSpec } } | undefined)?.template?.spec;
  return spec && Array.isArray(spec.containers) ? spec : undefined;
}

export function allContainers(pod: PodSpec): ContainerSpec[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

/** namespace null: a cluster-scoped object. */
function find(
  objects: KubeObject[],
  kind: string,
  name: string,
  namespace: string | null = STACK_NAMESPACE,
): KubeObject {
  const obj = objects.find(
    (o) => o.kind === kind && o.metadata.name === name && (o.metadata.namespace ?? null) === namespace,
  );
  if (!obj)
    throw new RenderError(
      `deploy/ has no ${kind} ${namespace ? `${namespace}/` : ''}${name}; the renderer and the manifests disagree`,
    );
  return obj;
}

function setEnv(container: ContainerSpec, name: string, value: string, where: string): void {
  const env = container.env?.find((e) => e.name === name);
  if (!env) throw new RenderError(`${where}: container ${container.name} has no env ${name}`);
  env.value = value;
}

function setEnvIfPresent(container: ContainerSpec, name: string, value: string): void {
  const env = container.env?.find((e) => e.name === name);
  if (env) env.value = value;
}

function mainContainer(obj: KubeObject): ContainerSpec {
  const pod = podSpecOf(obj);
  const c = pod?.containers.find((x) => x.name === obj.metadata.name);
  if (!c) throw new RenderError(`${obj.kind} ${obj.metadata.name}: no container named ${obj.metadata.name}`);
  return c;
}

/** Which `profile sync --layout` a Jellyfin image needs: linuxserver's image keeps its files elsewhere. */
export function layoutForImage(image: string): 'official' | 'linuxserver' {
  return /(^|\/)linuxserver\/jellyfin([:@]|$)/.test(image) ? 'linuxserver' : 'official';
}

/**
 * The profile-sync init container's flags follow the manifest: --layout from
 * the jellyfin container's image, --no-gpu exactly when there is no GPU.
 */
function setProfileSyncFlags(jellyfin: KubeObject, gpu: boolean): void {
  const init = podSpecOf(jellyfin)?.initContainers?.find((c) => c.name === 'profile-sync');
  const command = init?.['command'];
  if (!init || !Array.isArray(command))
    throw new RenderError('Deployment jellyfin: no profile-sync init container with a command');
  const layoutAt = command.indexOf('--layout');
  if (layoutAt < 0 || layoutAt + 1 >= command.length)
    throw new RenderError('Deployment jellyfin: profile-sync has no --layout');
  command[layoutAt + 1] = layoutForImage(mainContainer(jellyfin).image);
  const noGpu = command.indexOf('--no-gpu');
  if (gpu && noGpu >= 0) command.splice(noGpu, 1);
  if (!gpu && noGpu < 0) command.push('--no-gpu');
}

/** Apply values to a copy of the objects. */
export function applyValues(input: KubeObject[], values: StackValues): KubeObject[] {
  const objects = deepClone(input);
  const workloads = objects.filter((o) => o.metadata.namespace === STACK_NAMESPACE && podSpecOf(o));

  // Image pins first: later setters do not look at images.
  for (const app of STACK_APPS) {
    const pinned = values.images[app];
    if (!pinned) continue;
    const owner = find(objects, app === BRIDGE_NAME ? 'DaemonSet' : 'Deployment', app);
    const baseImage = mainContainer(owner).image;
    // Init containers that reuse the app's image (seeders, profile sync) follow the pin.
    for (const w of workloads)
      for (const c of allContainers(podSpecOf(w)!)) if (c.image === baseImage) c.image = pinned;
  }

  for (const w of workloads) {
    const pod = podSpecOf(w)!;
    for (const c of allContainers(pod)) {
      setEnvIfPresent(c, 'TZ', values.timezone);
      setEnvIfPresent(c, 'PUID', String(values.puid));
      setEnvIfPresent(c, 'PGID', String(values.pgid));
    }
    // The apps run as the media user; the bridge keeps its own fixed non-root user.
    if (w.kind === 'Deployment') {
      const sc = pod.securityContext;
      if (!sc) throw new RenderError(`Deployment ${w.metadata.name}: no pod securityContext`);
      sc['runAsUser'] = values.puid;
      sc['runAsGroup'] = values.pgid;
      sc['fsGroup'] = values.pgid;
    }
  }

  // Ingress hosts and the names that must match them; TLS when asked for.
  for (const app of INGRESS_APPS) {
    const ing = find(objects, 'Ingress', app);
    const spec = ing['spec'] as { rules?: { host?: string }[]; tls?: unknown } | undefined;
    const rules = spec?.rules;
    if (!spec || !rules || rules.length === 0) throw new RenderError(`Ingress ${app}: no rules`);
    const host = `${app}.${values.domain}`;
    for (const rule of rules) rule.host = host;
    const secretName = values.tls.clusterIssuer ? `${app}-tls` : values.tls.secretName;
    if (secretName) spec.tls = [{ hosts: [host], secretName }];
    if (values.tls.clusterIssuer)
      ing.metadata.annotations = {
        ...ing.metadata.annotations,
        'cert-manager.io/cluster-issuer': values.tls.clusterIssuer,
      };
  }
  setProfileSyncFlags(find(objects, 'Deployment', 'jellyfin'), values.gpu);
  setEnv(
    mainContainer(find(objects, 'Deployment', 'jellyfin')),
    'JELLYFIN_PublishedServerUrl',
    `https://jellyfin.${values.domain}`,
    'Deployment jellyfin',
  );
  const sabSeed = find(objects, 'ConfigMap', 'sabnzbd-seed');
  const sabData = sabSeed['data'] as Record<string, string> | undefined;
  if (!sabData || typeof sabData['host_whitelist'] !== 'string')
    throw new RenderError('ConfigMap sabnzbd-seed: no data.host_whitelist');
  sabData['host_whitelist'] = [
    'sabnzbd',
    `sabnzbd.${STACK_NAMESPACE}`,
    `sabnzbd.${STACK_NAMESPACE}.svc`,
    `sabnzbd.${STACK_NAMESPACE}.svc.cluster.local`,
    `sabnzbd.${values.domain}`,
  ].join(', ');

  // Storage: the NFS pool and the classes.
  const pv = find(objects, 'PersistentVolume', MEDIA_CLAIM, null);
  const pvSpec = pv['spec'] as {
    nfs?: { server: string; path: string };
    storageClassName?: string;
    capacity?: Record<string, string>;
  };
  if (!pvSpec.nfs) throw new RenderError(`PersistentVolume ${MEDIA_CLAIM}: not an NFS volume`);
  pvSpec.nfs.server = values.storage.nfs.server;
  pvSpec.nfs.path = values.storage.nfs.path;
  pvSpec.storageClassName = values.storage.mediaClass;
  pvSpec.capacity = { storage: values.storage.nfs.capacity };
  for (const pvc of objects.filter((o) => o.kind === 'PersistentVolumeClaim')) {
    const spec = pvc['spec'] as { storageClassName?: string; resources?: { requests?: Record<string, string> } };
    if (pvc.metadata.name === MEDIA_CLAIM) {
      spec.storageClassName = values.storage.mediaClass;
      spec.resources = { requests: { storage: values.storage.nfs.capacity } };
    } else {
      spec.storageClassName = values.storage.configClass;
    }
  }

  // The bridge: which nodes, which interface.
  const bridge = find(objects, 'DaemonSet', BRIDGE_NAME);
  const [labelKey, labelValue] = splitLabel(values.mediaNodeLabel);
  podSpecOf(bridge)!.nodeSelector = { [labelKey]: labelValue };
  setEnv(mainContainer(bridge), 'DLNA_BRIDGE_LAN_INTERFACE', values.lanInterface, 'DaemonSet dlna-bridge');
  // /metrics on the node address, for the networks the user names (the daemon always allows the node itself: the kubelet's probes).
  setEnv(mainContainer(bridge), 'DLNA_BRIDGE_ADMIN_ALLOW', values.monitoring.allow.join(','), 'DaemonSet dlna-bridge');

  // CoreDNS upstreams (only when the component is rendered).
  const coredns = objects.find(
    (o) => o.kind === 'ConfigMap' && o.metadata.name === 'coredns' && o.metadata.namespace === 'kube-system',
  );
  if (coredns) {
    const data = coredns['data'] as Record<string, string> | undefined;
    const corefile = data?.['Corefile'];
    if (!data || typeof corefile !== 'string' || !/^(\s*)forward \. [^{\n]*/m.test(corefile)) {
      throw new RenderError('ConfigMap kube-system/coredns: no "forward ." line in the Corefile');
    }
    // Upstreams are validated IP addresses: nothing else can reach the Corefile.
    data['Corefile'] = corefile.replace(
      /^(\s*)forward \. [^{\n]*?(\s*\{|\s*$)/m,
      (_m, indent: string, tail: string) => `${indent}forward . ${values.dns.upstreams.join(' ')}${tail}`,
    );
  }
  return objects;
}
