// The doctor's adapter against the fake API server: a cluster with the seed's
// failures, read through @kubernetes/client-node, checked end to end.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readClusterSnapshot } from '../../../src/stack/cluster/snapshot.js';
import { runDoctor } from '../../../src/stack/doctor/index.js';
import { renderStack } from '../../../src/stack/render.js';
import { defaultValues } from '../../../src/stack/values.js';
import { FakeKubeApi, type FakeObject, type ProxiedResponse } from '../../helpers/fake-kube-api.js';
import { corednsConfigMap, pod } from '../doctor/fixtures.js';

let api: FakeKubeApi;
beforeEach(async () => {
  api = await new FakeKubeApi().start();
});
afterEach(async () => {
  await api.stop();
});

function seedBrokenCluster(): void {
  for (const obj of renderStack(defaultValues())) {
    const o = structuredClone(obj) as FakeObject & { spec?: any };
    if (o.kind === 'Deployment' && o.metadata.name === 'jellyfin') o.spec.template.spec.initContainers = [];
    api.upsert(o);
  }
  api.upsert(corednsConfigMap('forward . /etc/resolv.conf', true) as FakeObject);
  api.upsert(pod('jellyfin-1', 'jellyfin', 'node-a') as FakeObject);
}

describe('stack doctor adapter (client-node against the fake API server)', () => {
  it('reads the namespace, PVs, StorageClasses and CoreDNS, and the checks find the seed failures', async () => {
    seedBrokenCluster();
    api.serviceProxy('media', 'qbittorrent', 8080, (req): ProxiedResponse => {
      if (req.path === '/api/v2/auth/login') {
        expect(req.body).toBe('username=admin&password=adminadmin');
        return { status: 200, headers: { 'set-cookie': 'SID=abc; HttpOnly; path=/' }, body: 'Ok.' };
      }
      if (req.path === '/api/v2/app/preferences') {
        if (req.headers.cookie !== 'SID=abc') return { status: 403, body: 'Forbidden' };
        return {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ save_path: '/downloads/', temp_path_enabled: false, temp_path: '/x' }),
        };
      }
      return { status: 404, body: '' };
    });
    const snapshot = await readClusterSnapshot(api.kubeConfig(), {
      namespace: 'media',
      qbittorrentApi: true,
      env: { DLNA_BRIDGE_QBT_PASSWORD: 'adminadmin' },
    });
    expect(snapshot.unreadable).toEqual([]);
    expect(snapshot.qbittorrentApi).toEqual({
      via: 'service proxy media/qbittorrent:8080',
      preferences: { save_path: '/downloads/', temp_path_enabled: false, temp_path: '/x' },
    });
    const kinds = new Set(snapshot.objects.map((o) => o.kind));
    expect([...kinds].sort()).toEqual([
      'ConfigMap',
      'DaemonSet',
      'Deployment',
      'Ingress',
      'PersistentVolume',
      'PersistentVolumeClaim',
      'Pod',
      'Service',
    ]);
    const findings = runDoctor(snapshot);
    expect(findings.map((f) => `${f.severity} ${f.check}`)).toEqual([
      'error qbittorrent-save-path',
      'error jellyfin-reachability',
      'warning coredns-forward',
      'warning profile-sync',
    ]);
    expect(findings[0]!.evidence[0]).toBe(
      'qBittorrent API (service proxy media/qbittorrent:8080): save_path = /downloads/',
    );
  });

  it('without credentials qBittorrent answers 403: doctor falls back to the ConfigMap and says why', async () => {
    seedBrokenCluster();
    api.serviceProxy('media', 'qbittorrent', 8080, () => ({ status: 403, body: 'Forbidden' }));
    const snapshot = await readClusterSnapshot(api.kubeConfig(), { namespace: 'media', qbittorrentApi: true, env: {} });
    expect(snapshot.qbittorrentApi?.error).toContain('HTTP 403');
    // the seed ConfigMap says /data/torrents: no trap, only the note that the live value was not read
    expect(
      runDoctor(snapshot)
        .filter((f) => f.check === 'qbittorrent-save-path')
        .map((f) => f.severity),
    ).toEqual(['info']);
  });

  // src/qbt/login-response.ts tells the generations and failures apart; doctor says which one it met.
  const loginCases: { name: string; login: ProxiedResponse; error?: RegExp; cookie?: string }[] = [
    {
      name: 'up to 5.1, wrong password: 200 "Fails."',
      login: { status: 200, body: 'Fails.' },
      error: /^login refused \(HTTP 200 "Fails\."\): wrong username or password for "admin"/,
    },
    {
      name: '5.2+, wrong password: 401',
      login: { status: 401, body: '' },
      error: /^login refused \(HTTP 401\): wrong username or password/,
    },
    {
      name: 'banned after failed logins: 403',
      login: { status: 403, body: 'Your IP address has been banned after too many failed authentication attempts.' },
      error: /^qBittorrent has banned this client address .*wait for the ban to end/,
    },
    {
      name: 'something else: 500',
      login: { status: 500, body: 'oops' },
      error: /^login: unexpected answer HTTP 500: oops$/,
    },
    {
      name: '5.2+, accepted: 204 with QBT_SID_8080',
      login: { status: 204, headers: { 'set-cookie': 'QBT_SID_8080=xyz; HttpOnly; path=/' }, body: '' },
      cookie: 'QBT_SID_8080=xyz',
    },
    {
      name: '5.2+, 204 without a cookie',
      login: { status: 204, body: '' },
      error: /^login accepted \(HTTP 204\) but no session cookie/,
    },
  ];
  for (const c of loginCases) {
    it(`qBittorrent login through the service proxy: ${c.name}`, async () => {
      seedBrokenCluster();
      let prefsAsked = 0;
      api.serviceProxy('media', 'qbittorrent', 8080, (req): ProxiedResponse => {
        if (req.path === '/api/v2/auth/login') return c.login;
        prefsAsked += 1;
        if (req.headers.cookie !== c.cookie) return { status: 403, body: 'Forbidden' };
        return { status: 200, body: JSON.stringify({ save_path: '/downloads', temp_path_enabled: false }) };
      });
      const snapshot = await readClusterSnapshot(api.kubeConfig(), {
        namespace: 'media',
        qbittorrentApi: true,
        env: { DLNA_BRIDGE_QBT_PASSWORD: 'secret' },
      });
      if (c.error) {
        expect(snapshot.qbittorrentApi?.error).toMatch(c.error);
        expect(snapshot.qbittorrentApi?.error).not.toContain('secret');
        expect(prefsAsked).toBe(0); // no point asking with a session it does not have
      } else {
        expect(snapshot.qbittorrentApi).toEqual({
          via: 'service proxy media/qbittorrent:8080',
          preferences: { save_path: '/downloads', temp_path_enabled: false },
        });
        expect(runDoctor(snapshot).find((f) => f.check === 'qbittorrent-save-path')?.fix).toContain(
          '--from /downloads --to /data/torrents',
        );
      }
    });
  }

  it('a kind it may not list is reported as a note, the rest still checked', async () => {
    seedBrokenCluster();
    api.failNext('GET', /^\/apis\/storage\.k8s\.io\/v1\/storageclasses$/, 403);
    const snapshot = await readClusterSnapshot(api.kubeConfig(), { namespace: 'media', qbittorrentApi: false });
    expect(snapshot.unreadable).toEqual([{ what: 'StorageClasses', error: expect.stringContaining('HTTP 403') }]);
    expect(runDoctor(snapshot).some((f) => f.check === 'access')).toBe(true);
  });
});
