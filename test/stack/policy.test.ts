// The rules deploy/ promises (deploy/README.md "Rules"), checked on rendered
// output for the committed defaults and for a customised render.
import { describe, expect, it } from 'vitest';
import { allContainers, podSpecOf, type PodSpec } from '../../src/stack/apply-values.js';
import type { KubeObject } from '../../src/stack/manifest.js';
import { renderStack } from '../../src/stack/render.js';
import { defaultValues, validateValues } from '../../src/stack/values.js';

const SQLITE_APPS = [
  'jellyfin',
  'jellyseerr',
  'radarr',
  'sonarr',
  'lazylibrarian',
  'prowlarr',
  'qbittorrent',
  'sabnzbd',
  'audiobookshelf',
];
const INGRESS_APPS = ['jellyfin', 'jellyseerr', 'radarr', 'sonarr', 'lazylibrarian', 'audiobookshelf', 'sabnzbd'];
const DATA_APPS = ['qbittorrent', 'sabnzbd', 'radarr', 'sonarr', 'lazylibrarian'];

type Any = any;
const renders = {
  default: renderStack(defaultValues()),
  custom: renderStack(
    validateValues({
      gpu: false,
      dns: { coredns: true },
      storage: { configClass: 'ssd', mediaClass: 'nas' },
      puid: 568,
      pgid: 568,
    }),
  ),
};

for (const [variant, objects] of Object.entries(renders)) {
  const workloads = objects.filter((o) => podSpecOf(o));
  const pod = (name: string): PodSpec => podSpecOf(workloads.find((w) => w.metadata.name === name)!)!;
  const claims = new Map(
    objects.filter((o) => o.kind === 'PersistentVolumeClaim').map((o) => [o.metadata.name, o as Any]),
  );
  const pvs = new Map(objects.filter((o) => o.kind === 'PersistentVolume').map((o) => [o.metadata.name, o as Any]));
  const isNfsClaim = (claimName: string): boolean => {
    const c = claims.get(claimName);
    return !!c && !!pvs.get(c.spec.volumeName)?.spec?.nfs;
  };
  /** Volume name -> claim name for the pod's PVC volumes. */
  const volumeClaims = (p: PodSpec): Map<string, string> =>
    new Map(
      ((p['volumes'] as Any[]) ?? [])
        .filter((v) => v.persistentVolumeClaim)
        .map((v) => [v.name, v.persistentVolumeClaim.claimName]),
    );

  describe(`deploy/ policy (${variant} render)`, () => {
    it('every SQLite app: /config on a local-path (non-NFS) PVC, never on NFS', () => {
      for (const app of SQLITE_APPS) {
        const p = pod(app);
        const c = p.containers.find((x) => x.name === app) as Any;
        const configMount = c.volumeMounts.find((m: Any) => m.mountPath === '/config' || m.mountPath === '/app/config');
        expect(configMount, app).toBeDefined();
        const claimName = volumeClaims(p).get(configMount.name)!;
        expect(claimName, app).toBe(`${app}-config`);
        expect(isNfsClaim(claimName), app).toBe(false);
        expect(claims.get(claimName).spec.storageClassName).toBe(variant === 'custom' ? 'ssd' : 'local-path');
      }
    });

    it('every SQLite app: Deployment strategy Recreate (never two pods on one database)', () => {
      for (const app of SQLITE_APPS) {
        const d = workloads.find((w) => w.metadata.name === app)! as Any;
        expect(d.kind, app).toBe('Deployment');
        expect(d.spec.strategy, app).toEqual({ type: 'Recreate' });
        expect(d.spec.replicas, app).toBe(1);
      }
    });

    it('no Ingress for Prowlarr or qBittorrent; one for each public app', () => {
      const ingresses = objects.filter((o) => o.kind === 'Ingress') as Any[];
      const backends = ingresses.flatMap((i) =>
        i.spec.rules.flatMap((r: Any) => r.http.paths.map((p: Any) => p.backend.service.name)),
      );
      expect(backends).not.toContain('prowlarr');
      expect(backends).not.toContain('qbittorrent');
      expect([...new Set(backends)].sort()).toEqual([...INGRESS_APPS].sort());
      for (const i of ingresses) expect(i.spec.ingressClassName).toBe('nginx');
      for (const name of ['prowlarr', 'qbittorrent']) {
        const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === name) as Any;
        expect(svc.spec.type).toBe('ClusterIP');
      }
    });

    it('only the bridge is on hostNetwork, and it sets dnsPolicy ClusterFirstWithHostNet', () => {
      const host = workloads
        .filter((w) => podSpecOf(w)!['hostNetwork'] === true)
        .map((w) => `${w.kind}/${w.metadata.name}`);
      expect(host).toEqual(['DaemonSet/dlna-bridge']);
      expect(pod('dlna-bridge')['dnsPolicy']).toBe('ClusterFirstWithHostNet');
      expect(pod('jellyfin')['hostNetwork']).toBeUndefined();
    });

    it('RBAC is namespaced: a Role and RoleBinding in media, no ClusterRole, only the verbs the bridge needs', () => {
      expect(objects.filter((o) => o.kind.startsWith('Cluster'))).toEqual([]);
      const role = objects.find((o) => o.kind === 'Role') as Any;
      expect(role.metadata.namespace).toBe('media');
      const grants = role.rules.flatMap((r: Any) =>
        r.resources.flatMap((res: Any) => r.verbs.map((v: string) => `${res}:${v}`)),
      );
      expect(grants.sort()).toEqual(
        [
          'services:get',
          'services:list',
          'services:watch',
          'endpointslices:get',
          'endpointslices:list',
          'endpointslices:watch',
          'leases:create',
          'leases:get',
          'leases:update',
        ].sort(),
      );
      const binding = objects.find((o) => o.kind === 'RoleBinding') as Any;
      expect(binding.metadata.namespace).toBe('media');
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'dlna-bridge' });
      // only the bridge gets a service account token
      for (const w of workloads)
        expect(podSpecOf(w)!['automountServiceAccountToken'] ?? true, w.metadata.name).toBe(
          w.metadata.name === 'dlna-bridge',
        );
    });

    it('security contexts: non-root, no privilege escalation, ALL capabilities dropped, none added, seccomp', () => {
      for (const w of workloads) {
        const p = podSpecOf(w)!;
        expect(p.securityContext?.['runAsNonRoot'], w.metadata.name).toBe(true);
        expect(p.securityContext?.['runAsUser'], w.metadata.name).toBeGreaterThan(0);
        expect(p.securityContext?.['seccompProfile'], w.metadata.name).toEqual({ type: 'RuntimeDefault' });
        for (const c of allContainers(p) as Any[]) {
          const where = `${w.metadata.name}/${c.name}`;
          expect(c.securityContext.allowPrivilegeEscalation, where).toBe(false);
          expect(c.securityContext.capabilities, where).toEqual({ drop: ['ALL'] });
          expect(c.securityContext.privileged, where).toBeUndefined();
          expect(typeof c.securityContext.readOnlyRootFilesystem, where).toBe('boolean');
        }
      }
      for (const name of ['dlna-bridge', 'jellyfin', 'audiobookshelf']) {
        for (const c of allContainers(pod(name)) as Any[])
          expect(c.securityContext.readOnlyRootFilesystem, name).toBe(true);
      }
    });

    it('probes and resources on every main container; memory limits everywhere', () => {
      for (const w of workloads) {
        for (const c of podSpecOf(w)!.containers as Any[]) {
          expect(c.livenessProbe, w.metadata.name).toBeDefined();
          expect(c.readinessProbe, w.metadata.name).toBeDefined();
        }
        for (const c of allContainers(podSpecOf(w)!) as Any[]) {
          expect(c.resources?.requests, `${w.metadata.name}/${c.name}`).toBeDefined();
          expect(c.resources?.limits?.memory, `${w.metadata.name}/${c.name}`).toBeDefined();
        }
      }
    });

    it('download clients and managers mount the ONE shared NFS claim at /data (hardlinks work); players read-only', () => {
      for (const app of DATA_APPS) {
        const p = pod(app);
        const c = p.containers.find((x) => x.name === app) as Any;
        const m = c.volumeMounts.find((x: Any) => x.mountPath === '/data');
        expect(m, app).toBeDefined();
        expect(m.subPath, app).toBeUndefined();
        expect(volumeClaims(p).get(m.name), app).toBe('media-data');
        expect(isNfsClaim('media-data')).toBe(true);
      }
      for (const app of ['jellyfin', 'audiobookshelf']) {
        const p = pod(app);
        const mediaVolumes = ((p['volumes'] as Any[]) ?? []).filter(
          (v) => v.persistentVolumeClaim?.claimName === 'media-data',
        );
        expect(mediaVolumes.length, app).toBe(1);
        expect(mediaVolumes[0].persistentVolumeClaim.readOnly, app).toBe(true);
        for (const c of allContainers(p) as Any[]) {
          for (const m of c.volumeMounts ?? []) if (m.name === mediaVolumes[0].name) expect(m.readOnly, app).toBe(true);
        }
      }
    });

    it('qBittorrent: the seeded save path and temp path lie under a mounted volume of its pod', () => {
      const conf = (objects.find((o) => o.metadata.name === 'qbittorrent-seed') as Any).data[
        'qBittorrent.conf'
      ] as string;
      const mounts = (pod('qbittorrent').containers[0] as Any).volumeMounts.map((m: Any) => m.mountPath as string);
      const paths = [
        ...conf.matchAll(
          /^(?:Session\\DefaultSavePath|Downloads\\SavePath|Session\\TempPath|Downloads\\TempPath)=(.*)$/gm,
        ),
      ].map((m) => m[1]!);
      expect(paths.length).toBe(4);
      for (const p of paths)
        expect(
          mounts.some((m: string) => p === m || p.startsWith(`${m}/`)),
          p,
        ).toBe(true);
      expect(paths.every((p) => p.startsWith('/data/torrents'))).toBe(true);
    });

    it('SABnzbd host_whitelist covers its Service names and its Ingress host', () => {
      const wl = ((objects.find((o) => o.metadata.name === 'sabnzbd-seed') as Any).data.host_whitelist as string).split(
        /,\s*/,
      );
      const host = (objects.find((o) => o.kind === 'Ingress' && o.metadata.name === 'sabnzbd') as Any).spec.rules[0]
        .host;
      expect(wl).toEqual(
        expect.arrayContaining([
          'sabnzbd',
          'sabnzbd.media',
          'sabnzbd.media.svc',
          'sabnzbd.media.svc.cluster.local',
          host,
        ]),
      );
    });

    it('Jellyfin: pod network, profile sync init container on its /config; the bridge DaemonSet on media nodes', () => {
      const p = pod('jellyfin') as Any;
      const init = p.initContainers.find((c: Any) => c.name === 'profile-sync');
      // official image -> official layout; no GPU -> --no-gpu (encoding.xml keeps NVENC off)
      expect(init.command.join(' ')).toBe(
        `dlna-bridge profile sync --config-dir /config --layout official${variant === 'default' ? '' : ' --no-gpu'}`,
      );
      expect(init.volumeMounts).toContainEqual({ name: 'config', mountPath: '/config' });
      expect(p.runtimeClassName).toBe(variant === 'default' ? 'nvidia' : undefined);
      expect(Object.keys(pod('dlna-bridge').nodeSelector ?? {})).toHaveLength(1);
    });

    it('every image is pinned to a version tag (never latest, never untagged)', () => {
      for (const w of workloads) {
        for (const c of allContainers(podSpecOf(w)!)) {
          expect(c.image, `${w.metadata.name}/${c.name}`).toMatch(/^[^@\s]+:(?!latest$)[A-Za-z0-9_][A-Za-z0-9_.-]*$/);
        }
      }
    });
  });
}

describe('deploy/ CoreDNS component', () => {
  it('forwards to the configured resolvers and keeps the stock plugins', () => {
    const cm = renders.custom.find((o: KubeObject) => o.metadata.name === 'coredns') as Any;
    expect(cm.metadata.namespace).toBe('kube-system');
    expect(cm.data.Corefile).toMatch(/forward \. 1\.1\.1\.1 8\.8\.8\.8 \{/);
    for (const plugin of ['kubernetes cluster.local', 'cache 30', 'loop', 'reload'])
      expect(cm.data.Corefile).toContain(plugin);
  });
});
