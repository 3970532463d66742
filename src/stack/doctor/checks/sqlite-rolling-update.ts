// A RollingUpdate starts the new pod before the old one stops: two processes on
// one SQLite database (and a ReadWriteOnce claim that cannot attach twice).
import type { Check, Finding } from '../snapshot.js';
import { mainContainer, mountsOf, volumesOf, workloads } from '../workloads.js';
import { CONFIG_PATHS } from './sqlite-config-on-nfs.js';

export const checkSqliteRollingUpdate: Check = (s) => {
  const findings: Finding[] = [];
  for (const w of workloads(s)) {
    if (w.obj.kind !== 'Deployment') continue;
    const claims = new Set(
      volumesOf(w.pod)
        .filter((v) => v.persistentVolumeClaim)
        .map((v) => v.name),
    );
    const config = mountsOf(mainContainer(w)).find((m) => CONFIG_PATHS.includes(m.mountPath) && claims.has(m.name));
    if (!config) continue;
    const strategy = (w.obj['spec'] as { strategy?: { type?: string } }).strategy?.type ?? 'RollingUpdate';
    if (strategy === 'Recreate') continue;
    findings.push({
      check: 'sqlite-rolling-update',
      severity: 'warning',
      title: `${w.obj.metadata.name}: strategy ${strategy} runs two pods on one SQLite /config during every update`,
      evidence: [`${w.ref}: spec.strategy.type = ${strategy}; ${config.mountPath} on a PersistentVolumeClaim`],
      fix: `kubectl -n ${s.namespace} patch deployment ${w.obj.metadata.name} -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'`,
    });
  }
  return findings;
};
