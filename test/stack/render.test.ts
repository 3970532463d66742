import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { missingRequirements } from '../helpers/requirements.js';
import { DEFAULT_DEPLOY_DIR, renderStack } from '../../src/stack/render.js';
import { podSpecOf } from '../../src/stack/apply-values.js';
import { objectRef, type KubeObject } from '../../src/stack/manifest.js';
import { defaultValues, validateValues } from '../../src/stack/values.js';

const byRef = (objs: KubeObject[]): Map<string, KubeObject> => new Map(objs.map((o) => [objectRef(o), o]));
const get = (objs: KubeObject[], ref: string): KubeObject => {
  const o = byRef(objs).get(ref);
  if (!o) throw new Error(`no ${ref}`);
  return o;
};
const container = (o: KubeObject, name?: string) => podSpecOf(o)!.containers.find((c) => c.name === (name ?? o.metadata.name))!;
const env = (c: { env?: { name: string; value?: string }[] }, name: string) => c.env?.find((e) => e.name === name)?.value;

const custom = validateValues({
  domain: 'media.example.org',
  timezone: 'Europe/Berlin',
  puid: 568,
  pgid: 569,
  storage: { configClass: 'fast-ssd', mediaClass: 'nas', nfs: { server: '192.0.2.10', path: '/tank/media', capacity: '8Ti' } },
  mediaNodeLabel: 'example.org/tv-lan=yes',
  lanInterface: 'enp3s0',
  gpu: false,
  dns: { coredns: true, upstreams: ['9.9.9.9', '149.112.112.112'] },
  images: { 'dlna-bridge': 'registry.example.org/dlna-bridge:1.0.0' },
});

describe('stack render', () => {
  it('kubectl agreement: the default render equals `kubectl kustomize deploy/`', () => {
    if (missingRequirements(['kubectl'], false).length > 0) {
      console.warn('kubectl not installed: renderer/kubectl agreement not checked');
      return;
    }
    const out = execFileSync('kubectl', ['kustomize', DEFAULT_DEPLOY_DIR], { encoding: 'utf8' });
    const theirs = parseAllDocuments(out).map((d) => d.toJS() as KubeObject);
    const ours = renderStack(defaultValues());
    expect([...byRef(ours).keys()].sort()).toEqual([...byRef(theirs).keys()].sort());
    for (const [ref, obj] of byRef(ours)) expect(obj, ref).toEqual(byRef(theirs).get(ref));
  });

  it('applies every value to the field it owns', () => {
    const objs = renderStack(custom);
    for (const app of ['jellyfin', 'jellyseerr', 'radarr', 'sonarr', 'lazylibrarian', 'audiobookshelf', 'sabnzbd']) {
      const ing = get(objs, `Ingress media/${app}`) as unknown as { spec: { rules: { host: string }[] } };
      expect(ing.spec.rules[0]!.host).toBe(`${app}.media.example.org`);
    }
    const radarr = get(objs, 'Deployment media/radarr');
    expect(env(container(radarr), 'TZ')).toBe('Europe/Berlin');
    expect(env(container(radarr), 'PUID')).toBe('568');
    expect(podSpecOf(radarr)!.securityContext).toMatchObject({ runAsUser: 568, runAsGroup: 569, fsGroup: 569 });
    expect((get(objs, 'PersistentVolume media-data')['spec'] as Record<string, unknown>)).toMatchObject({
      nfs: { server: '192.0.2.10', path: '/tank/media' },
      storageClassName: 'nas',
      capacity: { storage: '8Ti' },
    });
    expect((get(objs, 'PersistentVolumeClaim media/radarr-config')['spec'] as Record<string, unknown>)['storageClassName']).toBe('fast-ssd');
    expect((get(objs, 'PersistentVolumeClaim media/media-data')['spec'] as Record<string, unknown>)['storageClassName']).toBe('nas');
    const bridge = get(objs, 'DaemonSet media/dlna-bridge');
    expect(podSpecOf(bridge)!.nodeSelector).toEqual({ 'example.org/tv-lan': 'yes' });
    expect(env(container(bridge), 'DLNA_BRIDGE_LAN_INTERFACE')).toBe('enp3s0');
    expect(container(bridge).image).toBe('registry.example.org/dlna-bridge:1.0.0');
    // the profile-sync init container uses the bridge image and follows the pin
    expect(podSpecOf(get(objs, 'Deployment media/jellyfin'))!.initContainers![0]!.image).toBe('registry.example.org/dlna-bridge:1.0.0');
    expect((get(objs, 'ConfigMap media/sabnzbd-seed')['data'] as Record<string, string>)['host_whitelist']).toContain('sabnzbd.media.example.org');
    expect(env(container(get(objs, 'Deployment media/jellyfin')), 'JELLYFIN_PublishedServerUrl')).toBe('https://jellyfin.media.example.org');
  });

  it('gpu=false drops the GPU component; gpu=true adds runtimeClassName nvidia and nvidia.com/gpu', () => {
    const off = podSpecOf(get(renderStack(custom), 'Deployment media/jellyfin'))!;
    expect(off['runtimeClassName']).toBeUndefined();
    expect(JSON.stringify(off)).not.toContain('nvidia');
    const on = podSpecOf(get(renderStack(defaultValues()), 'Deployment media/jellyfin'))!;
    expect(on['runtimeClassName']).toBe('nvidia');
    expect((on.containers[0]!['resources'] as { limits: Record<string, unknown> }).limits['nvidia.com/gpu']).toBe(1);
  });

  it('dns.coredns renders the Corefile with the chosen upstreams; off by default', () => {
    expect(renderStack(defaultValues()).some((o) => o.metadata.namespace === 'kube-system')).toBe(false);
    const corefile = (get(renderStack(custom), 'ConfigMap kube-system/coredns')['data'] as Record<string, string>)['Corefile']!;
    expect(corefile).toContain('forward . 9.9.9.9 149.112.112.112 {');
    expect(corefile).not.toContain('/etc/resolv.conf');
    expect(corefile).not.toContain('1.1.1.1');
  });

  it('values cannot add objects: the same object set renders whatever the values', () => {
    const refs = (objs: KubeObject[]) => objs.filter((o) => o.metadata.namespace === 'media' || !o.metadata.namespace).map(objectRef).sort();
    expect(refs(renderStack(custom))).toEqual(refs(renderStack(defaultValues())));
  });

  it('orders objects for apply: Namespace first, workloads after their claims', () => {
    const refs = renderStack(defaultValues()).map(objectRef);
    expect(refs[0]).toBe('Namespace media');
    expect(refs.indexOf('PersistentVolumeClaim media/radarr-config')).toBeLessThan(refs.indexOf('Deployment media/radarr'));
    expect(refs.indexOf('ConfigMap media/qbittorrent-seed')).toBeLessThan(refs.indexOf('Deployment media/qbittorrent'));
  });
});
