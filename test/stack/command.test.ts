// The stack commands as run(options, io): what they print and the exit code
// they return, with buffers for stdout/stderr and the fake API server injected
// as the cluster (no kubeconfig, no process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as apply } from '../../src/stack/command/apply.js';
import { run as doctor } from '../../src/stack/command/doctor.js';
import { run as render } from '../../src/stack/command/render.js';
import type { StackIo } from '../../src/stack/command/io.js';
import { ValuesError } from '../../src/stack/values.js';
import { FakeKubeApi, type FakeObject } from '../helpers/fake-kube-api.js';
import { corednsConfigMap } from './doctor/fixtures.js';

let api: FakeKubeApi;
beforeAll(async () => {
  api = await new FakeKubeApi().start();
});
afterAll(async () => {
  await api.stop();
});

function buffers(): StackIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    connect: async () => api.kubeConfig(),
    out: () => out,
    err: () => err,
  };
}

describe('stack commands as run(options, io)', () => {
  it('render: the YAML on stdout, exit 0', async () => {
    const io = buffers();
    expect(await render({ values: [], set: ['domain=media.example.org'] }, io)).toBe(0);
    expect(io.out()).toContain('host: jellyfin.media.example.org');
    expect(io.err()).toBe('');
  });

  it('render with a bad --set: a ValuesError with its code (the CLI names the flag)', async () => {
    await expect(render({ values: [], set: ['gpu=maybe'] }, buffers())).rejects.toMatchObject({
      code: 'STACK_SET_INVALID',
      message: 'gpu: must be true or false (got "maybe")',
    });
    await expect(render({ values: [], set: ['gpu=maybe'] }, buffers())).rejects.toBeInstanceOf(ValuesError);
  });

  it('apply --dry-run against the injected cluster: progress, summary, exit 0, nothing persisted', async () => {
    const io = buffers();
    expect(await apply({ values: [], set: [], dryRun: true }, io)).toBe(0);
    expect(io.out()).toMatch(/^\[ 1\/\d+\] checked Namespace media$/m);
    expect(io.out()).toMatch(/^\d+ accepted by the server \(dry run, nothing persisted\), 0 failed\n$/m);
    expect(api.list('Deployment')).toEqual([]);
  });

  it('doctor: findings as JSON, exit 1 for a warning (k3s CoreDNS forwarding to resolv.conf)', async () => {
    api.upsert(corednsConfigMap('forward . /etc/resolv.conf', true) as FakeObject);
    const io = buffers();
    const code = await doctor({ namespace: 'media', qbittorrentApi: false, json: true }, io);
    const { findings } = JSON.parse(io.out()) as { findings: { check: string; severity: string }[] };
    expect(findings.find((f) => f.check === 'coredns-forward')?.severity).toBe('warning');
    expect(code).toBe(1);
  });
});
