import { describe, expect, it } from 'vitest';
import { formatFindings, runDoctor } from '../../../src/stack/doctor/index.js';
import { checkCoreDnsForward } from '../../../src/stack/doctor/checks/coredns-forward.js';
import { checkHardlinks } from '../../../src/stack/doctor/checks/hardlinks.js';
import { checkInternalAppsIngress } from '../../../src/stack/doctor/checks/internal-apps-ingress.js';
import { checkJellyfinReachability } from '../../../src/stack/doctor/checks/jellyfin-reachability.js';
import { checkProfileSync } from '../../../src/stack/doctor/checks/profile-sync.js';
import { checkQbittorrentSavePath, pathsFromConf } from '../../../src/stack/doctor/checks/qbittorrent-save-path.js';
import { checkSqliteConfigOnNfs } from '../../../src/stack/doctor/checks/sqlite-config-on-nfs.js';
import { checkSqliteRollingUpdate } from '../../../src/stack/doctor/checks/sqlite-rolling-update.js';
import { corednsConfigMap, get, healthySnapshot, pod, replace } from './fixtures.js';

describe('stack doctor on the stack deploy/ renders', () => {
  it('finds nothing: every rule the checks enforce is one deploy/ follows', () => {
    expect(runDoctor(healthySnapshot())).toEqual([]);
    expect(formatFindings([])).toContain('no findings');
  });
});

describe('doctor: CoreDNS forwarding (seed incident 1)', () => {
  it('forward . /etc/resolv.conf on kubeadm: warning with the ConfigMap fix', () => {
    const s = healthySnapshot();
    replace(s, corednsConfigMap('forward . /etc/resolv.conf', false));
    const [f] = checkCoreDnsForward(s);
    expect(f).toMatchObject({ severity: 'warning', check: 'coredns-forward' });
    expect(f!.evidence).toEqual([
      'ConfigMap kube-system/coredns: forward . /etc/resolv.conf',
      'the ConfigMap is not k3s-managed: an edit is durable',
    ]);
    expect(f!.fix).toContain('--set dns.coredns=true');
  });

  it('forward . /etc/resolv.conf on k3s: the fix is resolv-conf, not an edit that k3s reverts', () => {
    const s = healthySnapshot();
    replace(s, corednsConfigMap('forward . /etc/resolv.conf', true));
    const [f] = checkCoreDnsForward(s);
    expect(f!.evidence[1]).toContain('k3s-managed (objectset.rio.cattle.io annotations)');
    expect(f!.fix).toContain('/etc/rancher/k3s/resolv.conf');
    expect(f!.fix).not.toContain('dns.coredns');
  });

  it('an edited forward line in a k3s-managed ConfigMap: will be lost', () => {
    const s = healthySnapshot();
    replace(s, corednsConfigMap('forward . 1.1.1.1 8.8.8.8', true));
    expect(checkCoreDnsForward(s)[0]!.title).toContain('lost at the next k3s restart');
  });

  it('a second forward in coredns-custom *.override', () => {
    const s = healthySnapshot();
    s.objects.push({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'coredns-custom', namespace: 'kube-system' },
      data: { 'upstream.override': 'forward . 1.1.1.1\n' },
    });
    expect(checkCoreDnsForward(s)[0]!.title).toContain('only be used once per Server Block');
  });
});

describe('doctor: qBittorrent path trap (seed incident 2)', () => {
  const seedConf = (savePath: string) =>
    `[BitTorrent]\nSession\\DefaultSavePath=${savePath}\nSession\\TempPathEnabled=false\nSession\\TempPath=/incomplete\n`;

  it("a save path outside every mount (the seed's /downloads) is an error, with qbt relocate as the fix", () => {
    const s = healthySnapshot();
    get(s, 'ConfigMap', 'qbittorrent-seed').data['qBittorrent.conf'] = seedConf('/downloads');
    const [f] = checkQbittorrentSavePath(s);
    expect(f).toMatchObject({ severity: 'error', check: 'qbittorrent-save-path' });
    expect(f!.evidence[0]).toBe(
      'ConfigMap media/qbittorrent-seed qBittorrent.conf: Session\\DefaultSavePath = /downloads',
    );
    expect(f!.evidence[1]).toContain('mounts: /config, /data');
    // G's advice (src/qbt/suggest.ts): reach the ClusterIP-only WebUI by port-forward, relocate from the trap, dry run first.
    expect(f!.fix.split('\n')).toEqual([
      'kubectl -n media port-forward svc/qbittorrent 8080 (leave it running), then:',
      'dlna-bridge qbt relocate --url http://127.0.0.1:8080 --from /downloads --to /data/torrents --set-default --dry-run',
      '(set DLNA_BRIDGE_QBT_PASSWORD first, or add --password-file FILE; never put the password on the command line)',
      'then run it again without --dry-run to move the torrents',
    ]);
  });

  it('the fix quotes a trapped path the shell would split, and the text output keeps it under "fix:"', () => {
    const s = healthySnapshot();
    get(s, 'ConfigMap', 'qbittorrent-seed').data['qBittorrent.conf'] = seedConf("/my downloads/it's");
    const findings = checkQbittorrentSavePath(s);
    expect(findings[0]!.fix).toContain(`--from '/my downloads/it'\\''s' --to /data/torrents`);
    const text = formatFindings(findings);
    expect(text).toContain(
      '  fix: kubectl -n media port-forward svc/qbittorrent 8080 (leave it running), then:\n       dlna-bridge qbt relocate',
    );
  });

  it('an API that could not be asked is a note when the ConfigMap had to stand in for it', () => {
    const s = healthySnapshot();
    s.qbittorrentApi = {
      via: 'service proxy media/qbittorrent:8080',
      error: 'login refused (HTTP 200 "Fails."): wrong username or password for "admin"',
    };
    expect(checkQbittorrentSavePath(s)).toMatchObject([
      {
        severity: 'info',
        check: 'qbittorrent-save-path',
        evidence: [
          'qBittorrent API (service proxy media/qbittorrent:8080): login refused (HTTP 200 "Fails."): wrong username or password for "admin"',
        ],
      },
    ]);
  });

  it('the API answer wins over the ConfigMap (the ConfigMap only seeds a missing file)', () => {
    const s = healthySnapshot();
    s.qbittorrentApi = {
      via: 'service proxy',
      preferences: { save_path: '/data/media/downloads/', temp_path_enabled: true, temp_path: '/incomplete/' },
    };
    const findings = checkQbittorrentSavePath(s);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.evidence[0]).toBe('qBittorrent API (service proxy): temp_path = /incomplete/');
  });

  it('a disabled temp path does not count; unreadable paths are a note, not an error', () => {
    expect(pathsFromConf(seedConf('/data/torrents'), 'x').map((p) => p.path)).toEqual(['/data/torrents']);
    const s = healthySnapshot();
    s.objects = s.objects.filter((o) => o.metadata.name !== 'qbittorrent-seed');
    s.qbittorrentApi = { via: 'service proxy', error: 'HTTP 403' };
    expect(checkQbittorrentSavePath(s)).toMatchObject([{ severity: 'info' }]);
  });
});

describe('doctor: storage', () => {
  it('separate /downloads and /movies mounts in Radarr: no hardlinks', () => {
    const s = healthySnapshot();
    const radarr = get(s, 'Deployment', 'radarr');
    const c = radarr.spec.template.spec.containers[0];
    c.volumeMounts = c.volumeMounts.filter((m: { mountPath: string }) => m.mountPath !== '/data');
    c.volumeMounts.push(
      { name: 'data', mountPath: '/downloads', subPath: 'torrents' },
      { name: 'data', mountPath: '/movies', subPath: 'media/movies' },
    );
    const findings = checkHardlinks(s);
    expect(findings[0]!.title).toContain('radarr: downloads and library are on different mounts');
    expect(findings[0]!.evidence).toEqual([
      'Deployment media/radarr: /downloads <- claim media-data subPath torrents',
      'Deployment media/radarr: /movies <- claim media-data subPath media/movies',
    ]);
    expect(findings[1]!.title).toContain('do not share one data mount');
  });

  it('SQLite /config on an NFS PV (static or by provisioner) is an error', () => {
    const s = healthySnapshot();
    get(s, 'PersistentVolumeClaim', 'sonarr-config').spec.storageClassName = 'nfs-client';
    s.objects.push({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'nfs-client' },
      provisioner: 'cluster.local/nfs-subdir-external-provisioner',
    });
    const radarr = get(s, 'Deployment', 'radarr');
    radarr.spec.template.spec.volumes.find(
      (v: { name: string }) => v.name === 'config',
    ).persistentVolumeClaim.claimName = 'media-data';
    const findings = checkSqliteConfigOnNfs(s);
    expect(findings.map((f) => f.severity)).toEqual(['error', 'error']);
    expect(findings.map((f) => f.evidence[0])).toEqual([
      'Deployment media/radarr: /config <- claim media-data -> PV media-data nfs nfs.home.arpa:/srv/media',
      'Deployment media/sonarr: /config <- claim sonarr-config -> StorageClass nfs-client (cluster.local/nfs-subdir-external-provisioner)',
    ]);
  });

  it('RollingUpdate on a SQLite app is a warning with the patch to fix it', () => {
    const s = healthySnapshot();
    get(s, 'Deployment', 'prowlarr').spec.strategy = { type: 'RollingUpdate' };
    const [f] = checkSqliteRollingUpdate(s);
    expect(f!.title).toContain('prowlarr: strategy RollingUpdate');
    expect(f!.fix).toContain('"type":"Recreate"');
  });
});

describe('doctor: exposure and reachability', () => {
  it('Prowlarr behind an Ingress is an error; qBittorrent a warning', () => {
    const s = healthySnapshot();
    for (const [name, port] of [
      ['prowlarr', 9696],
      ['qbittorrent', 8080],
    ] as const) {
      s.objects.push({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: { name: `${name}-public`, namespace: 'media' },
        spec: {
          rules: [
            {
              host: `${name}.example.org`,
              http: {
                paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name, port: { number: port } } } }],
              },
            },
          ],
        },
      });
    }
    const findings = checkInternalAppsIngress(s);
    expect(findings.map((f) => [f.severity, f.evidence[0]])).toEqual([
      ['error', 'Ingress media/prowlarr-public: prowlarr.example.org/ -> Service prowlarr'],
      ['warning', 'Ingress media/qbittorrent-public: qbittorrent.example.org/ -> Service qbittorrent'],
    ]);
  });

  it('Jellyfin on the pod network with no bridge pod: TVs cannot find it', () => {
    const s = healthySnapshot();
    s.objects = s.objects.filter((o) => !(o.kind === 'Pod' && o.metadata.name.startsWith('dlna-bridge')));
    const [f] = checkJellyfinReachability(s);
    expect(f).toMatchObject({ severity: 'error' });
    expect(f!.evidence).toContain('no running hostNetwork pod of dlna-bridge in namespace media');
  });

  it('Jellyfin on a node without a bridge pod: warning naming the node', () => {
    const s = healthySnapshot();
    s.objects = s.objects.filter((o) => o.metadata.name !== 'jellyfin-7d9f');
    s.objects.push(pod('jellyfin-8x', 'jellyfin', 'node-c'));
    const [f] = checkJellyfinReachability(s);
    expect(f!.title).toContain('node node-c');
  });

  it('Jellyfin on hostNetwork is reachable (no finding) even without a bridge', () => {
    const s = healthySnapshot();
    get(s, 'Deployment', 'jellyfin').spec.template.spec.hostNetwork = true;
    s.objects = s.objects.filter((o) => o.kind !== 'Pod');
    expect(checkJellyfinReachability(s)).toEqual([]);
  });

  it('no profile sync init container: profiles and encoding.xml not maintained', () => {
    const s = healthySnapshot();
    get(s, 'Deployment', 'jellyfin').spec.template.spec.initContainers = [];
    expect(checkProfileSync(s)).toMatchObject([{ severity: 'warning', check: 'profile-sync' }]);
  });

  it('text output: severity, check, evidence and fix for each finding, then counts', () => {
    const s = healthySnapshot();
    get(s, 'Deployment', 'jellyfin').spec.template.spec.initContainers = [];
    s.unreadable.push({ what: 'StorageClasses', error: 'HTTP 403: forbidden' });
    const text = formatFindings(runDoctor(s));
    expect(text).toContain('WARNING [profile-sync]');
    expect(text).toContain('  evidence: Deployment media/jellyfin: init containers: (none)');
    expect(text).toContain('  fix: add an init container');
    expect(text).toContain('INFO [access] could not read StorageClasses');
    expect(text.trim().split('\n').pop()).toBe('0 error(s), 1 warning(s), 1 note(s)');
  });
});
