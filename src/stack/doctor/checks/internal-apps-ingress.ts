// Prowlarr holds every indexer credential and qBittorrent's WebUI API can write
// anywhere in /data: both stay inside the cluster, reached by Service DNS.
import type { Check, Finding } from '../snapshot.js';
import { workloadsOf } from '../workloads.js';

const INTERNAL = [
  { app: 'prowlarr', severity: 'error' as const, url: 'http://prowlarr.media.svc.cluster.local:9696' },
  { app: 'qbittorrent', severity: 'warning' as const, url: 'http://qbittorrent.media.svc.cluster.local:8080' },
];

interface IngressSpec {
  rules?: { host?: string; http?: { paths?: { path?: string; backend?: { service?: { name?: string } } }[] } }[];
  defaultBackend?: { service?: { name?: string } };
}

export const checkInternalAppsIngress: Check = (s) => {
  const findings: Finding[] = [];
  const services = s.objects.filter((o) => o.kind === 'Service' && o.metadata.namespace === s.namespace);
  for (const { app, severity, url } of INTERNAL) {
    const pods = workloadsOf(s, app);
    if (pods.length === 0) continue;
    // Services that select the app's pods (or are named for it).
    const podLabels = pods.map(
      (w) =>
        (w.obj['spec'] as { template?: { metadata?: { labels?: Record<string, string> } } }).template?.metadata
          ?.labels ?? {},
    );
    const appServices = services
      .filter((svc) => {
        const sel = (svc['spec'] as { selector?: Record<string, string> } | undefined)?.selector;
        if (svc.metadata.name === app) return true;
        return (
          !!sel &&
          Object.keys(sel).length > 0 &&
          podLabels.some((l) => Object.entries(sel).every(([k, v]) => l[k] === v))
        );
      })
      .map((svc) => svc.metadata.name);
    for (const ing of s.objects.filter((o) => o.kind === 'Ingress' && o.metadata.namespace === s.namespace)) {
      const spec = (ing['spec'] as IngressSpec | undefined) ?? {};
      const hits: string[] = [];
      if (spec.defaultBackend?.service?.name && appServices.includes(spec.defaultBackend.service.name))
        hits.push(`defaultBackend -> ${spec.defaultBackend.service.name}`);
      for (const rule of spec.rules ?? []) {
        for (const p of rule.http?.paths ?? []) {
          const name = p.backend?.service?.name;
          if (name && appServices.includes(name)) hits.push(`${rule.host ?? '*'}${p.path ?? '/'} -> Service ${name}`);
        }
      }
      if (hits.length === 0) continue;
      findings.push({
        check: 'internal-apps-ingress',
        severity,
        title: `${app} is exposed by Ingress ${ing.metadata.name}; it should be reachable only inside the cluster`,
        evidence: hits.map((h) => `Ingress ${s.namespace}/${ing.metadata.name}: ${h}`),
        fix: `kubectl -n ${s.namespace} delete ingress ${ing.metadata.name}; the other apps reach it as ${url.replace('.media.', `.${s.namespace}.`)}`,
      });
    }
  }
  return findings;
};
