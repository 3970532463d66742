// stack apply against the fake API server: real client-node server-side apply.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApplier, FIELD_MANAGER } from '../../src/stack/cluster/server-side-apply.js';
import { applyObjects, formatApplySummary } from '../../src/stack/apply.js';
import { renderStack } from '../../src/stack/render.js';
import { defaultValues } from '../../src/stack/values.js';
import { FakeKubeApi } from '../helpers/fake-kube-api.js';

let api: FakeKubeApi;
beforeEach(async () => {
  api = await new FakeKubeApi().start();
});
afterEach(async () => {
  await api.stop();
});

describe('stack apply (server-side apply, field manager dlna-bridge)', () => {
  it('applies every rendered object in order, one progress line each', async () => {
    const objects = renderStack(defaultValues());
    const lines: string[] = [];
    const result = await applyObjects(createApplier(api.kubeConfig()), objects, {
      dryRun: false,
      force: false,
      onProgress: (l) => lines.push(l),
    });
    expect(result.failed).toEqual([]);
    expect(result.applied).toHaveLength(objects.length);
    expect(lines[0]).toMatch(/^\[ 1\/\d+\] applied Namespace media$/);
    const patches = api.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(objects.length);
    for (const p of patches) {
      expect(p.contentType).toBe('application/apply-patch+yaml');
      expect(p.query['fieldManager']).toBe(FIELD_MANAGER);
    }
    const jellyfin = api.get('apps/v1', 'Deployment', 'media', 'jellyfin') as any;
    expect(jellyfin.spec.template.spec.runtimeClassName).toBe('nvidia');
    expect(jellyfin.metadata.managedFields).toEqual([
      { manager: 'dlna-bridge', operation: 'Apply', apiVersion: 'apps/v1' },
    ]);
    expect(formatApplySummary(result, false)).toBe(`${objects.length} applied, 0 failed`);
  });

  it('the API server goes away midway: the run stops at the first connection error (no FAILED line per object)', async () => {
    const objects = renderStack(defaultValues());
    const real = createApplier(api.kubeConfig());
    let calls = 0;
    const applier: typeof real = async (obj, opts) => {
      if (++calls === 4) await api.stop();
      return real(obj, opts);
    };
    const lines: string[] = [];
    const result = await applyObjects(applier, objects, {
      dryRun: false,
      force: false,
      onProgress: (l) => lines.push(l),
    });
    expect(result.applied).toHaveLength(3);
    expect(result.failed).toEqual([]);
    expect(result.aborted).toMatch(/ECONNREFUSED/);
    expect(calls).toBe(4);
    expect(lines.filter((l) => l.includes('FAILED'))).toEqual([]);
  });

  it('applying again is idempotent', async () => {
    const objects = renderStack(defaultValues());
    const applier = createApplier(api.kubeConfig());
    await applyObjects(applier, objects, { dryRun: false, force: false });
    const again = await applyObjects(applier, objects, { dryRun: false, force: false });
    expect(again.failed).toEqual([]);
  });

  it('--dry-run: the server checks everything and persists nothing', async () => {
    const result = await applyObjects(createApplier(api.kubeConfig()), renderStack(defaultValues()), {
      dryRun: true,
      force: false,
    });
    expect(result.failed).toEqual([]);
    expect(api.requests.filter((r) => r.method === 'PATCH').every((r) => r.query['dryRun'] === 'All')).toBe(true);
    expect(api.list('Deployment')).toEqual([]);
    expect(formatApplySummary(result, true)).toContain('dry run, nothing persisted');
  });

  it('a field owned by another manager: that object fails with the conflict, the rest apply, summary says how to force', async () => {
    api.upsert({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'media' } });
    // someone else (kubectl apply --server-side) applied Sonarr with another image
    const objects = renderStack(defaultValues());
    const sonarr = structuredClone(
      objects.find((o) => o.metadata.name === 'sonarr' && o.kind === 'Deployment')!,
    ) as any;
    sonarr.spec.template.spec.containers[0].image = 'lscr.io/linuxserver/sonarr:4.0.0';
    const other = api.kubeConfig();
    await (
      await import('@kubernetes/client-node')
    ).KubernetesObjectApi.makeApiClient(other).patch(
      sonarr,
      undefined,
      undefined,
      'kubectl',
      undefined,
      'application/apply-patch+yaml',
    );
    const result = await applyObjects(createApplier(api.kubeConfig()), objects, { dryRun: false, force: false });
    expect(result.failed).toEqual([
      {
        object: 'Deployment media/sonarr',
        error: expect.stringMatching(/^HTTP 409: Apply failed with \d+ conflict\(s\): conflict with "kubectl"/),
      },
    ]);
    expect(result.applied).toHaveLength(objects.length - 1);
    expect(formatApplySummary(result, false)).toContain('--force-conflicts');
    const forced = await applyObjects(createApplier(api.kubeConfig()), objects, { dryRun: false, force: true });
    expect(forced.failed).toEqual([]);
  });

  it('an object that fails offline validation is not sent; API errors are reported per object', async () => {
    const objects = renderStack(defaultValues()).slice(0, 3);
    (objects[1] as any).bogus = true;
    api.failNext('PATCH', /namespaces\/media$/, 500);
    const result = await applyObjects(createApplier(api.kubeConfig()), objects, { dryRun: false, force: false });
    expect(result.failed.map((f) => f.object)).toEqual([
      'Namespace media',
      objects[1]!.kind + ' media/' + objects[1]!.metadata.name,
    ]);
    expect(result.failed[1]!.error).toContain('unknown field "bogus"');
    expect(api.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
  });
});
