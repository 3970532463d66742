// Jellyfin reads DLNA profiles (and encoding.xml) once at start; without a
// `dlna-bridge profile sync` init container nothing keeps them TV-safe.
import type { Check, Finding } from '../snapshot.js';
import { workloadsOf } from '../workloads.js';

export const checkProfileSync: Check = (s) => {
  const findings: Finding[] = [];
  for (const w of workloadsOf(s, 'jellyfin')) {
    const inits = (w.pod.initContainers ?? []) as { name: string; command?: string[]; args?: string[] }[];
    const syncs = inits.some((c) => /\bprofile\s+sync\b/.test([...(c.command ?? []), ...(c.args ?? [])].join(' ')));
    if (syncs) continue;
    findings.push({
      check: 'profile-sync',
      severity: 'warning',
      title:
        "Jellyfin's DLNA profiles and encoding.xml are not maintained: no `dlna-bridge profile sync` init container",
      evidence: [`${w.ref}: init containers: ${inits.map((c) => c.name).join(', ') || '(none)'}`],
      fix: "add an init container running `dlna-bridge profile sync --config-dir /config` with Jellyfin's /config mounted (deploy/base/jellyfin.yaml)",
    });
  }
  return findings;
};
