// The test of record for "every rendered manifest validates against the
// Kubernetes OpenAPI schemas offline": each object `stack render` produces is
// instantiated as the matching kubernetes-models class (generated from the
// Kubernetes OpenAPI document) and validated with its JSON schema: required
// fields, enums (imagePullPolicy, protocol, pathType, strategy type, ...),
// formats and patterns (names, quantities, int-or-string ports).
// kubernetes-models is a dev dependency: src/stack/validate.ts stays the
// run-time check behind `stack render` (it also catches unknown fields, which
// these schemas allow).
import { describe, expect, it } from 'vitest';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { ConfigMap, Namespace, PersistentVolume, PersistentVolumeClaim, Service, ServiceAccount } from 'kubernetes-models/v1';
import { renderStack } from '../../src/stack/render.js';
import { objectRef, type KubeObject } from '../../src/stack/manifest.js';
import { defaultValues, validateValues, type StackValues } from '../../src/stack/values.js';
import { CUSTOM_VALUES } from '../fixtures/stack/custom-values.js';

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

/** "apiVersion Kind" -> kubernetes-models class, for every kind deploy/ renders (a new kind must be added here). */
const MODELS: Record<string, ModelClass> = {
  'v1 Namespace': Namespace,
  'v1 ServiceAccount': ServiceAccount,
  'v1 ConfigMap': ConfigMap,
  'v1 Service': Service,
  'v1 PersistentVolume': PersistentVolume,
  'v1 PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1 Deployment': Deployment,
  'apps/v1 DaemonSet': DaemonSet,
  'networking.k8s.io/v1 Ingress': Ingress,
  'rbac.authorization.k8s.io/v1 Role': Role,
  'rbac.authorization.k8s.io/v1 RoleBinding': RoleBinding,
};

/** The schema's complaints about one object; [] when it validates. */
function openApiProblems(obj: KubeObject): string[] {
  const Model = MODELS[`${obj.apiVersion} ${obj.kind}`];
  if (!Model) return [`${objectRef(obj)}: no kubernetes-models class for ${obj.apiVersion} ${obj.kind}`];
  try {
    new Model(structuredClone(obj) as never).validate();
    return [];
  } catch (err) {
    return [`${objectRef(obj)}: ${(err as Error).message}`];
  }
}

const VARIANTS: Record<string, StackValues> = {
  'default values (gpu on, coredns off)': defaultValues(),
  'gpu off, coredns component on': validateValues({ gpu: false, dns: { coredns: true } }),
  'every value customised, gpu on': validateValues({ ...CUSTOM_VALUES, gpu: true }),
};

describe('Kubernetes OpenAPI schemas (kubernetes-models 4.5, offline)', () => {
  for (const [name, values] of Object.entries(VARIANTS)) {
    it(`every rendered manifest validates: ${name}`, () => {
      const objects = renderStack(values);
      expect(objects.length).toBeGreaterThan(40);
      expect(objects.flatMap(openApiProblems)).toEqual([]);
    });
  }

  it('every kind the renders contain has a schema here (nothing is waved through)', () => {
    const kinds = new Set(Object.values(VARIANTS).flatMap((v) => renderStack(v).map((o) => `${o.apiVersion} ${o.kind}`)));
    expect([...kinds].filter((k) => !MODELS[k])).toEqual([]);
  });

  // Negative controls: the check above can fail, and on the rules that matter.
  const radarr = (): any => structuredClone(renderStack(defaultValues()).find((o) => objectRef(o) === 'Deployment media/radarr')!);

  it('rejects an enum outside the schema (imagePullPolicy, strategy type, Service port protocol)', () => {
    const d = radarr();
    d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    d.spec.strategy.type = 'Rolling';
    expect(openApiProblems(d)[0]).toMatch(/imagePullPolicy must be equal to one of the allowed values/);
    expect(openApiProblems(d)[0]).toMatch(/strategy\/type must be equal to one of the allowed values/);
    const svc = structuredClone(renderStack(defaultValues()).find((o) => objectRef(o) === 'Service media/radarr')!) as any;
    svc.spec.ports[0].protocol = 'SCTPX';
    expect(openApiProblems(svc)[0]).toMatch(/protocol must be equal to one of the allowed values/);
  });

  it('rejects a missing required field (container name, Ingress pathType) and a wrong type', () => {
    const d = radarr();
    delete d.spec.template.spec.containers[0].name;
    expect(openApiProblems(d)[0]).toMatch(/containers\/0 must have required property '?name'?/);
    const ing = structuredClone(renderStack(defaultValues()).find((o) => objectRef(o) === 'Ingress media/radarr')!) as any;
    delete ing.spec.rules[0].http.paths[0].pathType;
    expect(openApiProblems(ing)[0]).toMatch(/must have required property '?pathType'?/);
    const d2 = radarr();
    d2.spec.replicas = '1';
    expect(openApiProblems(d2)[0]).toMatch(/replicas must be integer/);
  });
});
