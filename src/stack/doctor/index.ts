// `stack doctor`: every check over one snapshot, findings ordered by severity.
import { checkCoreDnsForward } from './checks/coredns-forward.js';
import { checkHardlinks } from './checks/hardlinks.js';
import { checkInternalAppsIngress } from './checks/internal-apps-ingress.js';
import { checkJellyfinReachability } from './checks/jellyfin-reachability.js';
import { checkProfileSync } from './checks/profile-sync.js';
import { checkQbittorrentSavePath } from './checks/qbittorrent-save-path.js';
import { checkSqliteConfigOnNfs } from './checks/sqlite-config-on-nfs.js';
import { checkSqliteRollingUpdate } from './checks/sqlite-rolling-update.js';
import type { Check, ClusterSnapshot, Finding, Severity } from './snapshot.js';

export type { ClusterSnapshot, Finding, Severity } from './snapshot.js';

export const CHECKS: Check[] = [
  checkCoreDnsForward,
  checkQbittorrentSavePath,
  checkHardlinks,
  checkSqliteConfigOnNfs,
  checkSqliteRollingUpdate,
  checkInternalAppsIngress,
  checkJellyfinReachability,
  checkProfileSync,
];

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function runDoctor(snapshot: ClusterSnapshot, checks: Check[] = CHECKS): Finding[] {
  const findings = checks.flatMap((check) => check(snapshot));
  for (const u of snapshot.unreadable) {
    findings.push({
      check: 'access',
      severity: 'info',
      title: `could not read ${u.what}; checks that need it were skipped or partial`,
      evidence: [u.error],
      fix: 'run doctor with a kubeconfig that may list it',
    });
  }
  return findings.sort((a, b) => RANK[a.severity] - RANK[b.severity]);
}

export function formatFindings(findings: Finding[]): string {
  if (findings.length === 0) return 'no findings: none of the known media-stack failures were found\n';
  const out: string[] = [];
  for (const f of findings) {
    out.push(`${f.severity.toUpperCase()} [${f.check}] ${f.title}`);
    for (const e of f.evidence) out.push(`  evidence: ${e}`);
    // A multi-line fix (a command sequence) keeps its lines under "fix:".
    out.push(`  fix: ${f.fix.split('\n').join('\n       ')}`, '');
  }
  const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
  out.push(`${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`);
  return `${out.join('\n')}\n`;
}
