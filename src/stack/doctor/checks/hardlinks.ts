// Hardlinks and atomic moves need downloads and library on ONE mount: link()
// and rename() across two mount points fail with EXDEV even when both come from
// the same volume, so a manager with /downloads and /movies mounted separately
// copies every import. And the download client must see the same volume at the
// same path as the managers, or the paths it reports do not exist for them.
import type { Check, ClusterSnapshot, Finding } from '../snapshot.js';
import { mainContainer, mountsOf, NON_DATA_PATHS, volumesOf, workloadsOf, type Workload } from '../workloads.js';

const MANAGERS = ['radarr', 'sonarr', 'lazylibrarian'];
const DOWNLOADERS = ['qbittorrent', 'sabnzbd'];

interface DataMount {
  mountPath: string;
  /** What backs it: claim name (+subPath), nfs export, hostPath. */
  source: string;
}

function dataMounts(w: Workload): DataMount[] {
  const volumes = new Map(volumesOf(w.pod).map((v) => [v.name, v]));
  return mountsOf(mainContainer(w)).flatMap((m) => {
    if (NON_DATA_PATHS.some((p) => m.mountPath === p)) return [];
    const v = volumes.get(m.name);
    if (!v || v.emptyDir !== undefined || v.configMap || v.secret) return [];
    const base = v.persistentVolumeClaim
      ? `claim ${v.persistentVolumeClaim.claimName}`
      : v.nfs
        ? `nfs ${v.nfs.server}:${v.nfs.path}`
        : v.hostPath
          ? `hostPath ${v.hostPath.path}`
          : `volume ${v.name}`;
    return [{ mountPath: m.mountPath, source: m.subPath ? `${base} subPath ${m.subPath}` : base }];
  });
}

export const checkHardlinks: Check = (s: ClusterSnapshot) => {
  const findings: Finding[] = [];
  const seen: { app: string; ref: string; mounts: DataMount[] }[] = [];
  for (const app of [...DOWNLOADERS, ...MANAGERS]) {
    for (const w of workloadsOf(s, app)) {
      const mounts = dataMounts(w);
      seen.push({ app, ref: w.ref, mounts });
      if (MANAGERS.includes(app) && mounts.length > 1) {
        findings.push({
          check: 'hardlinks',
          severity: 'warning',
          title: `${app}: downloads and library are on different mounts, so imports copy instead of hardlinking or moving`,
          evidence: mounts.map((m) => `${w.ref}: ${m.mountPath} <- ${m.source}`),
          fix: 'mount ONE shared volume at /data in the download clients and managers (TRaSH layout: /data/torrents, /data/usenet, /data/media/...) and point the apps at paths under it',
        });
      }
    }
  }
  // Everyone should share one data mount (same source at the same path).
  const signatures = new Map<string, string[]>();
  for (const e of seen) {
    if (e.mounts.length === 0) continue;
    const sig = e.mounts
      .map((m) => `${m.mountPath} <- ${m.source}`)
      .sort()
      .join(' + ');
    signatures.set(sig, [...(signatures.get(sig) ?? []), e.ref]);
  }
  if (signatures.size > 1) {
    findings.push({
      check: 'hardlinks',
      severity: 'warning',
      title:
        'download clients and managers do not share one data mount: paths one reports do not exist for the other, and moves between them copy',
      evidence: [...signatures.entries()].map(([sig, refs]) => `${refs.join(', ')}: ${sig}`),
      fix: 'mount the same volume (no subPath) at /data in qBittorrent, SABnzbd, Radarr, Sonarr and LazyLibrarian',
    });
  }
  return findings;
};
