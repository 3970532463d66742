// Snapshots for doctor checks: the rendered stack (what deploy/ promises) and
// hand-made broken variants of it, as objects a cluster would return.
import { renderStack } from '../../../src/stack/render.js';
import type { ClusterSnapshot } from '../../../src/stack/doctor/snapshot.js';
import type { KubeObject } from '../../../src/stack/manifest.js';
import { defaultValues } from '../../../src/stack/values.js';

type Any = any;

export function pod(name: string, app: string, node: string, hostNetwork = false): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'media', labels: { 'app.kubernetes.io/name': app } },
    spec: {
      nodeName: node,
      ...(hostNetwork ? { hostNetwork: true } : {}),
      containers: [{ name: app, image: `example/${app}:1` }],
    },
    status: { phase: 'Running' },
  };
}

/** The rendered stack as a running cluster: its objects, Jellyfin and a bridge on node-a, k3s-style CoreDNS fixed. */
export function healthySnapshot(): ClusterSnapshot {
  const objects = renderStack(defaultValues());
  objects.push(
    pod('jellyfin-7d9f', 'jellyfin', 'node-a'),
    pod('dlna-bridge-x1', 'dlna-bridge', 'node-a', true),
    pod('dlna-bridge-x2', 'dlna-bridge', 'node-b', true),
  );
  objects.push(corednsConfigMap('forward . 1.1.1.1 8.8.8.8', false));
  return { namespace: 'media', objects, unreadable: [] };
}

export function corednsConfigMap(forwardLine: string, k3s: boolean): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: 'coredns',
      namespace: 'kube-system',
      ...(k3s
        ? {
            annotations: {
              'objectset.rio.cattle.io/applied': 'H4sI...',
              'objectset.rio.cattle.io/id': '',
              'objectset.rio.cattle.io/owner-kind': 'Addon',
            },
          }
        : {}),
    },
    data: {
      Corefile: `.:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    ${forwardLine}\n    cache 30\n}\n`,
    },
  };
}

export function get(s: ClusterSnapshot, kind: string, name: string, namespace = 'media'): Any {
  const o = s.objects.find(
    (x) => x.kind === kind && x.metadata.name === name && (x.metadata.namespace ?? 'media') === namespace,
  );
  if (!o) throw new Error(`fixture has no ${kind} ${name}`);
  return o;
}

export function replace(s: ClusterSnapshot, obj: KubeObject): void {
  s.objects = s.objects.filter(
    (o) =>
      !(
        o.kind === obj.kind &&
        o.metadata.name === obj.metadata.name &&
        o.metadata.namespace === obj.metadata.namespace
      ),
  );
  s.objects.push(obj);
}
