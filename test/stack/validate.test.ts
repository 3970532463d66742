import { describe, expect, it } from 'vitest';
import { renderStack } from '../../src/stack/render.js';
import { validateObject, validateObjects } from '../../src/stack/validate.js';
import type { KubeObject } from '../../src/stack/manifest.js';
import { defaultValues, validateValues } from '../../src/stack/values.js';

const variants = {
  default: defaultValues(),
  'no gpu, coredns on': validateValues({ gpu: false, dns: { coredns: true } }),
};

describe('stack render run-time check: API field names and types from client-node models (schemas of record: openapi.test.ts)', () => {
  for (const [name, values] of Object.entries(variants)) {
    it(`every rendered manifest validates (${name})`, () => {
      const objects = renderStack(values);
      expect(objects.length).toBeGreaterThan(40);
      expect(validateObjects(objects)).toEqual([]);
    });
  }

  const deployment = (): KubeObject =>
    structuredClone(renderStack(defaultValues()).find((o) => o.kind === 'Deployment' && o.metadata.name === 'radarr')!);

  it('finds a misspelled field anywhere in the tree', () => {
    const d = deployment() as any;
    d.spec.template.spec.containers[0].readinessProbe.httpGet.paht = '/ping';
    d.spec.strategy.tpye = 'Recreate';
    expect(validateObject(d).map((p) => p.path)).toEqual([
      'spec.strategy.tpye',
      'spec.template.spec.containers[0].readinessProbe.httpGet.paht',
    ]);
  });

  it('finds wrong types: a number where a string belongs, a string where a list belongs', () => {
    const d = deployment() as any;
    d.spec.template.spec.containers[0].env[0].value = 1000;
    d.spec.template.spec.containers[0].args = 'serve';
    d.spec.replicas = '1';
    const problems = validateObject(d);
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'spec.replicas: must be a number',
      'spec.template.spec.containers[0].env[0].value: must be a string (got number: quote it)',
      'spec.template.spec.containers[0].args: must be a list',
    ]);
  });

  it('finds missing required fields and bad quantities', () => {
    const d = deployment() as any;
    delete d.spec.template.spec.containers[0].image;
    delete d.spec.selector;
    d.spec.template.spec.containers[0].resources.limits.memory = 'lots';
    expect(
      validateObject(d)
        .map((p) => p.path)
        .sort(),
    ).toEqual([
      'spec.selector',
      'spec.template.spec.containers[0].image',
      'spec.template.spec.containers[0].resources.limits.memory',
    ]);
  });

  it('checks apiVersion/kind pairs', () => {
    const base = { metadata: { name: 'x' } };
    expect(validateObject({ ...base, apiVersion: 'extensions/v1beta1', kind: 'Ingress' })[0]!.message).toContain(
      'unknown apiVersion',
    );
    expect(validateObject({ ...base, apiVersion: 'v1', kind: 'Deployment' })[0]!.message).toContain(
      'does not exist in v1',
    );
    expect(validateObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'Bad_Name' } })[0]!.path).toBe(
      'metadata.name',
    );
  });
});
