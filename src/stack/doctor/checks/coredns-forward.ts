// Seed incident 1: CoreDNS forwarding to /etc/resolv.conf hands every pod the
// node's (often the ISP's) resolver, which sinkholes tracker and indexer names.
// On k3s the coredns ConfigMap is a packaged component (objectset.rio.cattle.io
// annotations): k3s rewrites it at start, so an edit there is lost.
import type { Check, Finding } from '../snapshot.js';
import { find } from '../workloads.js';

const K3S_FIX =
  'k3s: leave the ConfigMap alone; write /etc/rancher/k3s/resolv.conf with "nameserver 1.1.1.1" and "nameserver 8.8.8.8", ' +
  'set resolv-conf: /etc/rancher/k3s/resolv.conf in /etc/rancher/k3s/config.yaml and restart k3s on every node (deploy/README.md, "CoreDNS").';
const PLAIN_FIX =
  'forward to resolvers you choose: `dlna-bridge stack apply --set dns.coredns=true [--set dns.upstreams=1.1.1.1,8.8.8.8]` ' +
  '(components/coredns), or edit the forward line of kube-system/coredns yourself.';

export function forwardTargets(corefile: string): string[][] {
  return [...corefile.matchAll(/^\s*forward\s+\.\s+([^{\n]+)/gm)].map((m) => m[1]!.trim().split(/\s+/));
}

export function isK3sManaged(annotations: Record<string, string> | undefined): boolean {
  return Object.keys(annotations ?? {}).some((k) => k.startsWith('objectset.rio.cattle.io/'));
}

export const checkCoreDnsForward: Check = (s) => {
  const cm = find(s, 'ConfigMap', 'coredns', 'kube-system');
  if (!cm) return [];
  const corefile = (cm['data'] as Record<string, string> | undefined)?.['Corefile'] ?? '';
  const k3s = isK3sManaged(cm.metadata.annotations);
  const managedBy = k3s
    ? 'k3s-managed (objectset.rio.cattle.io annotations): k3s rewrites it at every start'
    : 'not k3s-managed: an edit is durable';
  const findings: Finding[] = [];
  for (const targets of forwardTargets(corefile)) {
    if (targets.some((t) => t.startsWith('/'))) {
      findings.push({
        check: 'coredns-forward',
        severity: 'warning',
        title:
          "CoreDNS forwards to the node's resolver: an ISP resolver that sinkholes names breaks indexers and trackers for every pod",
        evidence: [`ConfigMap kube-system/coredns: forward . ${targets.join(' ')}`, `the ConfigMap is ${managedBy}`],
        fix: k3s ? K3S_FIX : PLAIN_FIX,
      });
    } else if (k3s) {
      findings.push({
        check: 'coredns-forward',
        severity: 'warning',
        title: 'CoreDNS forwarding was edited in a k3s-managed ConfigMap: the edit is lost at the next k3s restart',
        evidence: [`ConfigMap kube-system/coredns: forward . ${targets.join(' ')}`, `the ConfigMap is ${managedBy}`],
        fix: K3S_FIX,
      });
    }
  }
  const custom = find(s, 'ConfigMap', 'coredns-custom', 'kube-system');
  for (const [key, text] of Object.entries((custom?.['data'] as Record<string, string> | undefined) ?? {})) {
    if (key.endsWith('.override') && forwardTargets(text).length > 0) {
      findings.push({
        check: 'coredns-forward',
        severity: 'warning',
        title:
          'a second "forward ." in coredns-custom fails on many CoreDNS versions ("this plugin can only be used once per Server Block")',
        evidence: [`ConfigMap kube-system/coredns-custom key ${key}: ${text.trim().split('\n')[0]}`],
        fix: `remove ${key} from coredns-custom; ${k3s ? K3S_FIX : PLAIN_FIX}`,
      });
    }
  }
  return findings;
};
