// TVs find DLNA servers by SSDP multicast on the LAN, which never reaches the
// pod network. Jellyfin is reachable for TVs when it is on hostNetwork, or when
// a dlna-bridge pod (hostNetwork, on the LAN) runs on the node Jellyfin is on.
import type { Check, Finding } from '../snapshot.js';
import { imageName, workloadsOf } from '../workloads.js';
import type { KubeObject } from '../../manifest.js';

interface PodView {
  name: string;
  node?: string;
  hostNetwork: boolean;
  phase?: string;
}

function podsOf(objects: KubeObject[], namespace: string, test: (p: KubeObject) => boolean): PodView[] {
  return objects
    .filter((o) => o.kind === 'Pod' && o.metadata.namespace === namespace && test(o))
    .map((o) => {
      const spec = o['spec'] as { nodeName?: string; hostNetwork?: boolean };
      return {
        name: o.metadata.name,
        node: spec.nodeName,
        hostNetwork: spec.hostNetwork === true,
        phase: (o['status'] as { phase?: string } | undefined)?.phase,
      };
    });
}

const isApp =
  (app: string) =>
  (p: KubeObject): boolean =>
    p.metadata.labels?.['app.kubernetes.io/name'] === app ||
    ((p['spec'] as { containers?: { image?: string }[] }).containers ?? []).some(
      (c) => c.image !== undefined && imageName(c.image) === app,
    );

export const checkJellyfinReachability: Check = (s) => {
  const jellyfinWorkloads = workloadsOf(s, 'jellyfin');
  if (jellyfinWorkloads.length === 0) return [];
  const jellyfinPods = podsOf(s.objects, s.namespace, isApp('jellyfin')).filter(
    (p) => p.phase === undefined || p.phase === 'Running',
  );
  const bridges = podsOf(s.objects, s.namespace, isApp('dlna-bridge')).filter(
    (p) => p.hostNetwork && (p.phase === undefined || p.phase === 'Running'),
  );
  const findings: Finding[] = [];
  const onHost = jellyfinWorkloads.some((w) => w.pod['hostNetwork'] === true);
  if (onHost) return [];
  if (bridges.length === 0) {
    findings.push({
      check: 'jellyfin-reachability',
      severity: 'error',
      title: 'TVs cannot find Jellyfin: it is on the pod network and no dlna-bridge pod runs on the host network',
      evidence: [
        ...jellyfinWorkloads.map((w) => `${w.ref}: hostNetwork not set`),
        `no running hostNetwork pod of dlna-bridge in namespace ${s.namespace}`,
      ],
      fix: "deploy the dlna-bridge DaemonSet (deploy/base/dlna-bridge.yaml) and label the nodes on the TVs' LAN with its node selector (dlna-bridge.io/media=true)",
    });
    return findings;
  }
  const bridgeNodes = new Set(bridges.map((b) => b.node));
  for (const p of jellyfinPods) {
    if (p.node && !bridgeNodes.has(p.node)) {
      findings.push({
        check: 'jellyfin-reachability',
        severity: 'warning',
        title: `Jellyfin runs on node ${p.node}, where no dlna-bridge pod runs: the node may not be on the TVs' LAN`,
        evidence: [
          `Pod ${s.namespace}/${p.name} on node ${p.node}`,
          `dlna-bridge pods on: ${[...bridgeNodes].join(', ')}`,
        ],
        fix: `label node ${p.node} with the bridge's node selector (kubectl label node ${p.node} dlna-bridge.io/media=true), or keep Jellyfin on the media nodes`,
      });
    }
  }
  return findings;
};
