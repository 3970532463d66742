// The bridge's container as deploy/base/dlna-bridge.yaml runs it, turned into
// what `podman run` needs for the image test: the same args and environment,
// except what only a cluster can give. Pure: takes the manifest's text.
import { parseAllDocuments } from 'yaml';

export interface NodeFacts {
  /** the node's LAN address (what status.hostIP is under hostNetwork) */
  nodeAddress: string;
  nodeName: string;
  /** the pod-side interface where the bridge finds the media server without a cluster */
  clusterInterface: string;
}

export interface ContainerRun {
  args: string[];
  env: Record<string, string>;
  /** variables of the manifest left out, with why (printed by the test) */
  replaced: string[];
  securityContext: {
    runAsUser?: number;
    runAsGroup?: number;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    dropAll: boolean;
  };
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath?: string } };
}

/**
 * The Kubernetes Service and the Lease (leader election) need an API server;
 * without one the bridge finds the media server by SSDP on the pod network
 * (--cluster-interface), as `dlna-bridge demo` runs it, and every bridge announces.
 */
const CLUSTER_ONLY = new Set(['DLNA_BRIDGE_KUBERNETES_SERVICE', 'DLNA_BRIDGE_ADVERTISE']);

export function daemonSetContainer(manifest: string, node: NodeFacts, containerName = 'dlna-bridge'): ContainerRun {
  const docs = parseAllDocuments(manifest).map((d) => d.toJS() as Record<string, any>);
  const ds = docs.find((d) => d?.['kind'] === 'DaemonSet');
  if (!ds) throw new Error('no DaemonSet in the manifest');
  const podSpec = ds['spec']?.['template']?.['spec'] ?? {};
  const container = (podSpec['containers'] ?? []).find((c: { name?: string }) => c.name === containerName);
  if (!container) throw new Error(`no container ${containerName} in the DaemonSet`);
  const fields: Record<string, string> = {
    'metadata.name': `${containerName}-image-test`,
    'metadata.namespace': ds['metadata']?.['namespace'] ?? 'default',
    'spec.nodeName': node.nodeName,
    'status.hostIP': node.nodeAddress,
    'status.podIP': node.nodeAddress, // hostNetwork: the pod's address is the node's
  };
  const env: Record<string, string> = {};
  const replaced: string[] = [];
  for (const v of (container['env'] ?? []) as EnvVar[]) {
    if (CLUSTER_ONLY.has(v.name)) {
      replaced.push(v.name);
      continue;
    }
    if (v.value !== undefined) env[v.name] = String(v.value);
    else if (v.valueFrom?.fieldRef?.fieldPath && v.valueFrom.fieldRef.fieldPath in fields)
      env[v.name] = fields[v.valueFrom.fieldRef.fieldPath]!;
    else throw new Error(`env ${v.name}: cannot stand in for ${JSON.stringify(v.valueFrom)} outside a cluster`);
  }
  if (replaced.length > 0) env['DLNA_BRIDGE_CLUSTER_INTERFACE'] = node.clusterInterface;
  const pod = podSpec['securityContext'] ?? {};
  const own = container['securityContext'] ?? {};
  return {
    args: (container['args'] ?? []).map(String),
    env,
    replaced,
    securityContext: {
      runAsUser: own['runAsUser'] ?? pod['runAsUser'],
      runAsGroup: own['runAsGroup'] ?? pod['runAsGroup'],
      readOnlyRootFilesystem: own['readOnlyRootFilesystem'],
      allowPrivilegeEscalation: own['allowPrivilegeEscalation'],
      dropAll: (own['capabilities']?.['drop'] ?? []).includes('ALL'),
    },
  };
}

/** `podman run` flags for that container: user, read-only root, no privileges, its environment. */
export function podmanRunFlags(run: ContainerRun): string[] {
  const sc = run.securityContext;
  if (sc.runAsUser === undefined) throw new Error('the DaemonSet sets no runAsUser');
  const flags = ['--user', `${sc.runAsUser}:${sc.runAsGroup ?? sc.runAsUser}`];
  // Kubernetes' readOnlyRootFilesystem mounts no tmpfs anywhere; podman's --read-only would add /tmp, /run, /var/tmp.
  if (sc.readOnlyRootFilesystem) flags.push('--read-only', '--read-only-tmpfs=false');
  if (sc.allowPrivilegeEscalation === false) flags.push('--security-opt', 'no-new-privileges');
  if (sc.dropAll) flags.push('--cap-drop', 'ALL');
  for (const [k, v] of Object.entries(run.env)) flags.push('--env', `${k}=${v}`);
  return flags;
}
