// SQLite on NFS corrupts under locking: the *arrs, Jellyfin, Jellyseerr and
// qBittorrent keep their databases in /config, which belongs on local storage.
import type { Check, Finding } from '../snapshot.js';
import { mainContainer, mountsOf, storageOf, volumesOf, workloads } from '../workloads.js';

export const CONFIG_PATHS = ['/config', '/app/config'];

export const checkSqliteConfigOnNfs: Check = (s) => {
  const findings: Finding[] = [];
  for (const w of workloads(s)) {
    const volumes = new Map(volumesOf(w.pod).map((v) => [v.name, v]));
    for (const m of mountsOf(mainContainer(w))) {
      if (!CONFIG_PATHS.includes(m.mountPath)) continue;
      const v = volumes.get(m.name);
      if (!v) continue;
      const where = storageOf(s, v);
      if (!where.nfs) continue;
      findings.push({
        check: 'sqlite-config-on-nfs',
        severity: 'error',
        title: `${w.obj.metadata.name}: ${m.mountPath} (SQLite databases) is on NFS, where SQLite locking fails and databases corrupt`,
        evidence: [`${w.ref}: ${m.mountPath} <- ${where.describe}`],
        fix: 'move /config to a local-path PVC (stop the app, copy the folder, switch the claim, start it) and keep only media on NFS',
      });
    }
  }
  return findings;
};
