// The test of record for "every rendered manifest validates against the
// Kubernetes OpenAPI schemas offline": each object `stack render` produces is
// instantiated as the matching kubernetes-models class (generated from the
// Kubernetes OpenAPI document) and validated with its JSON schema: required
// fields, enums (imagePullPolicy, protocol, pathType, strategy type, ...),
// formats and patterns (names, quantities, int-or-string ports).
import { describe, expect, it } from 'vitest';
import { DaemonSet, Deployment } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import {
  ConfigMap,
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Service,
  ServiceAccount,
} from 'kubernetes-models/v1';
import { renderStack } from '../../src/stack/render.js';
import { objectRef, type KubeObject } from '../../src/stack/manifest.js';
import { validateObject } from '../../src/stack/validate.js';
import { defaultValues, validateValues, type StackValues } from '../../src/stack/values.js';
import { CUSTOM_VALUES } from '../fixtures/stack/custom-values.js';

// kubernetes-models is a dev dependency: src/stack/validate.ts stays the
// run-time check behind `stack render` (it also catches unknown fields, which
// these schemas allow).

interface Validatable {
  validate(): void;
}
type ModelClass = new (data: never) => Validatable;

/**
 * PodMonitor (components/monitoring) is a Prometheus Operator custom resource:
 * kubernetes-models has no class for it. Checked against the fields of its CRD
 * (monitoring.coreos.com/v1) that deploy/ uses: src/stack/validate.ts's
 * structural check plus the CRD's Duration pattern for the intervals.
 */
class PodMonitorModel implements Validatable {
  constructor(private readonly data: KubeObject) {}
  validate(): void {
    const problems = validateObject(this.data).map((p) => `${p.path} ${p.message}`);
    const duration = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
    const endpoints =
      (this.data['spec'] as { podMetricsEndpoints?: { interval?: string }[] })?.podMetricsEndpoints ?? [];
    endpoints.forEach((e, i) => {
      if (e.interval !== undefined && !duration.test(e.interval))
        problems.push(`spec.podMetricsEndpoints[${i}].interval must match the Duration pattern`);
    });
    if (problems.length > 0) throw new Error(problems.join('; '));
  }
}

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
  'monitoring.coreos.com/v1 PodMonitor': PodMonitorModel as unknown as ModelClass,
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
  'monitoring component on, TLS from cert-manager': validateValues({
    monitoring: { podMonitor: true },
    tls: { clusterIssuer: 'letsencrypt' },
  }),
  'TLS from an existing secret, linuxserver Jellyfin': validateValues({
    tls: { secretName: 'wildcard' },
    images: { jellyfin: 'lscr.io/linuxserver/jellyfin:10.10.7' },
  }),
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
    const kinds = new Set(
      Object.values(VARIANTS).flatMap((v) => renderStack(v).map((o) => `${o.apiVersion} ${o.kind}`)),
    );
    expect([...kinds].filter((k) => !MODELS[k])).toEqual([]);
  });

  // Negative controls: the check above can fail, and on the rules that matter.
  const radarr = (): any =>
    structuredClone(renderStack(defaultValues()).find((o) => objectRef(o) === 'Deployment media/radarr')!);

  it('rejects an enum outside the schema (imagePullPolicy, strategy type, Service port protocol)', () => {
    const d = radarr();
    d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    d.spec.strategy.type = 'Rolling';
    expect(openApiProblems(d)[0]).toMatch(/imagePullPolicy must be equal to one of the allowed values/);
    expect(openApiProblems(d)[0]).toMatch(/strategy\/type must be equal to one of the allowed values/);
    const svc = structuredClone(
      renderStack(defaultValues()).find((o) => objectRef(o) === 'Service media/radarr')!,
    ) as any;
    svc.spec.ports[0].protocol = 'SCTPX';
    expect(openApiProblems(svc)[0]).toMatch(/protocol must be equal to one of the allowed values/);
  });

  it('rejects a missing required field (container name, Ingress pathType) and a wrong type', () => {
    const d = radarr();
    delete d.spec.template.spec.containers[0].name;
    expect(openApiProblems(d)[0]).toMatch(/containers\/0 must have required property '?name'?/);
    const ing = structuredClone(
      renderStack(defaultValues()).find((o) => objectRef(o) === 'Ingress media/radarr')!,
    ) as any;
    delete ing.spec.rules[0].http.paths[0].pathType;
    expect(openApiProblems(ing)[0]).toMatch(/must have required property '?pathType'?/);
    const d2 = radarr();
    d2.spec.replicas = '1';
    expect(openApiProblems(d2)[0]).toMatch(/replicas must be integer/);
  });

  it('rejects a PodMonitor without a selector or with a bad interval (the custom resource check can fail too)', () => {
    const pm = structuredClone(
      renderStack(VARIANTS['monitoring component on, TLS from cert-manager']!).find((o) => o.kind === 'PodMonitor')!,
    ) as any;
    delete pm.spec.selector;
    pm.spec.podMetricsEndpoints[0].interval = '30 seconds';
    const [problem] = openApiProblems(pm);
    expect(problem).toMatch(/spec.selector required field missing/);
    expect(problem).toMatch(/interval must match the Duration pattern/);
  });
});
