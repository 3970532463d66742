// `dlna-bridge stack ...` as a user runs it (the built CLI, a separate process).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { FakeKubeApi, type FakeObject } from '../helpers/fake-kube-api.js';
import { corednsConfigMap } from './doctor/fixtures.js';

let dir = '';
let api: FakeKubeApi;
let kubeconfig = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'stack-cli-'));
  api = await new FakeKubeApi().start();
  kubeconfig = path.join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: ${api.url}\n    insecure-skip-tls-verify: true\ncontexts:\n- name: fake\n  context:\n    cluster: fake\n    user: tester\ncurrent-context: fake\nusers:\n- name: tester\n  user:\n    token: fake-token\n`,
  );
});
afterAll(async () => {
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('dlna-bridge stack render', () => {
  it('prints one multi-document YAML with the values applied', async () => {
    const values = path.join(dir, 'values.yaml');
    writeFileSync(values, 'domain: media.example.org\nstorage:\n  nfs:\n    server: 192.0.2.10\n');
    const r = await runCli(['stack', 'render', '-f', values, '--set', 'gpu=false', '--set', 'lanInterface=enp3s0']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS());
    expect(docs[0]).toMatchObject({ kind: 'Namespace', metadata: { name: 'media' } });
    expect(r.stdout).toContain('host: jellyfin.media.example.org');
    expect(r.stdout).toContain('server: 192.0.2.10');
    expect(r.stdout).toContain('value: enp3s0');
    expect(r.stdout).not.toContain('nvidia');
  });

  it('bad values: exit 2 with every problem listed', async () => {
    const r = await runCli([
      'stack',
      'render',
      '--set',
      'domain=bad domain',
      '--set',
      'dns.upstreams=1.1.1.1,dns.google',
    ]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('dlna-bridge: values: invalid values:');
    expect(r.stderr).toContain('domain: must be a DNS name');
    expect(r.stderr).toContain('dns.upstreams.1: must be an IPv4 or IPv6 address (got "dns.google")');
  });

  it('--out DIR: one file per object and a kustomization.yaml listing exactly them', async () => {
    const out = path.join(dir, 'rendered');
    const r = await runCli(['stack', 'render', '--out', out]);
    expect(r.code).toBe(0);
    const files = readdirSync(out).sort();
    const k = readFileSync(path.join(out, 'kustomization.yaml'), 'utf8');
    expect(files[0]).toBe('.dlna-bridge-render'); // the list of files this render wrote
    expect(files[1]).toBe('01-namespace-media.yaml');
    for (const f of files.filter((f) => f !== 'kustomization.yaml' && !f.startsWith('.'))) expect(k).toContain(f);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]); // no temporary folders left beside it
  });
});

describe('dlna-bridge stack apply / doctor (against the fake API server)', () => {
  it('apply --dry-run: progress per object, summary, exit 0, nothing persisted', async () => {
    const r = await runCli(['stack', 'apply', '--dry-run', '--kubeconfig', kubeconfig]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\[ 1\/\d+\] checked Namespace media$/);
    expect(lines.at(-1)).toMatch(/^\d+ accepted by the server \(dry run, nothing persisted\), 0 failed$/);
    expect(api.list('Deployment')).toEqual([]);
  });

  it('apply with a failing object: exit 1 and the failure named', async () => {
    api.failNext('PATCH', /deployments\/radarr$/, 500);
    const r = await runCli(['stack', 'apply', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAILED {2}Deployment media\/radarr: HTTP 500/);
    expect(r.stdout).toMatch(/, 1 failed$/m);
  });

  it('doctor --json on the applied stack plus a k3s CoreDNS on resolv.conf: findings with severity, evidence, fix; exit 1', async () => {
    api.upsert(corednsConfigMap('forward . /etc/resolv.conf', true) as FakeObject);
    const r = await runCli(['stack', 'doctor', '--json', '--kubeconfig', kubeconfig, '--no-qbittorrent-api']);
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.stdout) as {
      findings: { check: string; severity: string; evidence: string[]; fix: string }[];
    };
    const dns = findings.find((f) => f.check === 'coredns-forward')!;
    expect(dns.severity).toBe('warning');
    expect(dns.fix).toContain('/etc/rancher/k3s/resolv.conf');
    // no pods in the fake cluster: Jellyfin is not reachable for TVs
    expect(findings.map((f) => f.check)).toContain('jellyfin-reachability');
  });

  it('doctor without a cluster: exit 2 with a clear message', async () => {
    const r = await runCli(['stack', 'doctor', '--kubeconfig', path.join(dir, 'missing')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dlna-bridge: cannot load kubeconfig/);
  });
});
