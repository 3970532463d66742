// Seed incident 2, the path trap: a qBittorrent save path outside every mounted
// volume writes into the container's overlay file system, invisible to Radarr
// and lost on restart. The path comes from qBittorrent's API when it could be
// asked, else from a qBittorrent.conf in a ConfigMap of the pod.
import type { Check, ClusterSnapshot, Finding } from '../snapshot.js';
import { formatRelocateAdvice } from '../../../qbt/suggest.js';
import { isUnder, mainContainer, mountsOf, volumesOf, workloadsOf, type Workload } from '../workloads.js';

/** Where the rescued downloads go: the TRaSH layout's torrent folder on the shared /data volume (deploy/). */
export const RESCUE_PATH = '/data/torrents';

/**
 * The rescue as the user runs it from a workstation: qBittorrent's WebUI is
 * ClusterIP-only (deploy/ gives it no Ingress), so reach it through a
 * port-forward, then `qbt relocate` from the trapped folder, dry run first.
 */
export function relocateFix(namespace: string, trapped: string): string {
  return [
    `kubectl -n ${namespace} port-forward svc/qbittorrent 8080 (leave it running), then:`,
    ...formatRelocateAdvice({ url: 'http://127.0.0.1:8080', from: trapped, to: RESCUE_PATH }),
  ].join('\n');
}

interface SeenPath {
  key: string;
  path: string;
  source: string;
}

/** Save and temp paths from a qBittorrent.conf (4.x [Preferences] and 4.6+/5.x [BitTorrent] keys). */
export function pathsFromConf(conf: string, source: string): SeenPath[] {
  const out: SeenPath[] = [];
  const tempEnabled = /^(?:Session\\TempPathEnabled|Downloads\\TempPathEnabled)=true\s*$/m.test(conf);
  for (const m of conf.matchAll(
    /^(Session\\DefaultSavePath|Downloads\\SavePath|Session\\TempPath|Downloads\\TempPath)=(.*?)\s*$/gm,
  )) {
    if (/TempPath$/.test(m[1]!) && !tempEnabled) continue;
    if (m[2]) out.push({ key: m[1]!, path: m[2], source });
  }
  return out;
}

function confFromConfigMaps(s: ClusterSnapshot, w: Workload): SeenPath[] {
  // ConfigMaps mounted in the pod first, then any ConfigMap of the namespace named for qBittorrent.
  const mounted = volumesOf(w.pod).flatMap((v) => (v.configMap ? [v.configMap.name] : []));
  const candidates = s.objects.filter(
    (o) =>
      o.kind === 'ConfigMap' &&
      o.metadata.namespace === s.namespace &&
      (mounted.includes(o.metadata.name) || /qbittorrent/i.test(o.metadata.name)),
  );
  for (const cm of candidates) {
    const conf = (cm['data'] as Record<string, string> | undefined)?.['qBittorrent.conf'];
    if (conf) return pathsFromConf(conf, `ConfigMap ${cm.metadata.namespace}/${cm.metadata.name} qBittorrent.conf`);
  }
  return [];
}

export const checkQbittorrentSavePath: Check = (s) => {
  const findings: Finding[] = [];
  for (const w of workloadsOf(s, 'qbittorrent')) {
    const mounts = mountsOf(mainContainer(w)).map((m) => m.mountPath);
    let paths: SeenPath[] = [];
    const api = s.qbittorrentApi;
    if (api?.preferences) {
      const p = api.preferences;
      if (p.save_path) paths.push({ key: 'save_path', path: p.save_path, source: `qBittorrent API (${api.via})` });
      if (p.temp_path_enabled && p.temp_path)
        paths.push({ key: 'temp_path', path: p.temp_path, source: `qBittorrent API (${api.via})` });
    } else {
      paths = confFromConfigMaps(s, w);
      // The ConfigMap only seeds a missing qBittorrent.conf: say why the live value was not read.
      if (paths.length > 0 && api?.error) {
        findings.push({
          check: 'qbittorrent-save-path',
          severity: 'info',
          title:
            "qBittorrent's live save path could not be read; judged from the ConfigMap that seeded it (the WebUI may have changed it since)",
          evidence: [`qBittorrent API (${api.via}): ${api.error}`],
          fix: 'give doctor the WebUI credentials (DLNA_BRIDGE_QBT_USERNAME / DLNA_BRIDGE_QBT_PASSWORD) and run it again',
        });
      }
    }
    if (paths.length === 0) {
      findings.push({
        check: 'qbittorrent-save-path',
        severity: 'info',
        title: "qBittorrent's save path could not be read",
        evidence: [`${w.ref}: no qBittorrent.conf in a ConfigMap${api?.error ? `; API: ${api.error}` : ''}`],
        fix: 'give doctor qBittorrent credentials (DLNA_BRIDGE_QBT_USERNAME / DLNA_BRIDGE_QBT_PASSWORD) so it can ask the WebUI API',
      });
      continue;
    }
    for (const p of paths) {
      if (mounts.some((m) => isUnder(p.path, m))) continue;
      findings.push({
        check: 'qbittorrent-save-path',
        severity: 'error',
        title: `qBittorrent saves to ${p.path}, outside every mounted volume: downloads land in the container's overlay file system, Radarr/Sonarr cannot see them and they are lost on restart`,
        evidence: [
          `${p.source}: ${p.key} = ${p.path}`,
          `${w.ref} container ${mainContainer(w).name} mounts: ${mounts.join(', ') || '(none)'}`,
        ],
        fix: relocateFix(s.namespace, p.path),
      });
    }
  }
  return findings;
};
