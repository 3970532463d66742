// Offline structural validation of manifests against the Kubernetes API types.
// The field names and types come from @kubernetes/client-node's models, which
// are generated from the Kubernetes OpenAPI document (attributeTypeMap), so an
// unknown or misspelled field, a string where a number belongs or a wrong
// apiVersion/kind pair is found without a cluster. The OpenAPI "required"
// lists are not in those models: the ones for the types deploy/ uses are below.
// Pure: objects in, problems out.
import * as k8s from '@kubernetes/client-node';
import { objectRef, type KubeObject } from './manifest.js';

interface AttributeType {
  name: string;
  baseName: string;
  type: string;
  format: string;
}
type Model = { getAttributeTypeMap(): AttributeType[] };

/** apiVersion -> kind -> model name, for the kinds the media stack uses. */
export const KNOWN_KINDS: Record<string, Record<string, string>> = {
  v1: {
    Namespace: 'V1Namespace',
    ServiceAccount: 'V1ServiceAccount',
    ConfigMap: 'V1ConfigMap',
    Secret: 'V1Secret',
    Service: 'V1Service',
    PersistentVolume: 'V1PersistentVolume',
    PersistentVolumeClaim: 'V1PersistentVolumeClaim',
    Pod: 'V1Pod',
  },
  'apps/v1': { Deployment: 'V1Deployment', DaemonSet: 'V1DaemonSet', StatefulSet: 'V1StatefulSet' },
  'networking.k8s.io/v1': { Ingress: 'V1Ingress' },
  'rbac.authorization.k8s.io/v1': { Role: 'V1Role', RoleBinding: 'V1RoleBinding' },
  'coordination.k8s.io/v1': { Lease: 'V1Lease' },
  'discovery.k8s.io/v1': { EndpointSlice: 'V1EndpointSlice' },
};

// OpenAPI `required` of the models used (Kubernetes 1.30+ API reference).
const REQUIRED: Record<string, string[]> = {
  V1DeploymentSpec: ['selector', 'template'],
  V1DaemonSetSpec: ['selector', 'template'],
  V1StatefulSetSpec: ['selector', 'template'],
  V1PodSpec: ['containers'],
  V1Container: ['name', 'image'],
  V1ContainerPort: ['containerPort'],
  V1EnvVar: ['name'],
  V1ObjectFieldSelector: ['fieldPath'],
  V1VolumeMount: ['name', 'mountPath'],
  V1Volume: ['name'],
  V1PersistentVolumeClaimVolumeSource: ['claimName'],
  V1NFSVolumeSource: ['server', 'path'],
  V1KeyToPath: ['key', 'path'],
  V1HTTPGetAction: ['port'],
  V1TCPSocketAction: ['port'],
  V1SeccompProfile: ['type'],
  V1ServicePort: ['port'],
  V1HTTPIngressRuleValue: ['paths'],
  V1HTTPIngressPath: ['pathType', 'backend'],
  V1IngressServiceBackend: ['name'],
  V1PolicyRule: ['verbs'],
  V1RoleBinding: ['roleRef'],
  V1RoleRef: ['apiGroup', 'kind', 'name'],
  RbacV1Subject: ['kind', 'name'],
  V1EndpointSlice: ['addressType', 'endpoints'],
  V1Endpoint: ['addresses'],
};

// Resource quantities are typed string in the models but numbers are valid YAML for them.
const QUANTITY_FIELDS = new Set(['limits', 'requests', 'capacity', 'hard', 'allocatable']);

export interface ValidationProblem {
  object: string;
  path: string;
  message: string;
}

function model(name: string): Model | undefined {
  const m = (k8s as unknown as Record<string, unknown>)[name] as Partial<Model> | undefined;
  return m && typeof m.getAttributeTypeMap === 'function' ? (m as Model) : undefined;
}

/**
 * Custom resources deploy/ renders, which client-node has no model for: the
 * fields they use, checked by hand (Prometheus Operator's PodMonitor, v1).
 */
function validateCustomResource(obj: KubeObject, report: (path: string, message: string) => void): boolean {
  if (obj.apiVersion !== 'monitoring.coreos.com/v1' || obj.kind !== 'PodMonitor') return false;
  const spec = obj['spec'] as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
    report('spec', 'required field missing (PodMonitorSpec)');
    return true;
  }
  for (const key of Object.keys(spec)) {
    if (!['selector', 'podMetricsEndpoints', 'namespaceSelector', 'jobLabel'].includes(key))
      report(`spec.${key}`, `unknown field "${key}" in PodMonitorSpec`);
  }
  checkValue(spec['selector'], 'V1LabelSelector', 'spec.selector', report);
  if (!spec['selector']) report('spec.selector', 'required field missing (PodMonitorSpec)');
  const endpoints = spec['podMetricsEndpoints'];
  if (!Array.isArray(endpoints) || endpoints.length === 0)
    report('spec.podMetricsEndpoints', 'must be a non-empty list');
  else {
    endpoints.forEach((e, i) => {
      const at = `spec.podMetricsEndpoints[${i}]`;
      if (!e || typeof e !== 'object') return report(at, 'must be a mapping');
      for (const [k, v] of Object.entries(e as Record<string, unknown>)) {
        if (!['port', 'path', 'interval', 'scrapeTimeout', 'scheme'].includes(k))
          report(`${at}.${k}`, `unknown field "${k}" in PodMetricsEndpoint`);
        else if (typeof v !== 'string') report(`${at}.${k}`, 'must be a string');
      }
    });
  }
  return true;
}

export function validateObject(obj: KubeObject): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const ref = objectRef(obj);
  if (validateCustomResource(obj, (path, message) => problems.push({ object: ref, path, message }))) return problems;
  const kinds = KNOWN_KINDS[obj.apiVersion];
  if (!kinds) return [{ object: ref, path: 'apiVersion', message: `unknown apiVersion ${obj.apiVersion}` }];
  const typeName = kinds[obj.kind];
  if (!typeName)
    return [{ object: ref, path: 'kind', message: `kind ${obj.kind} does not exist in ${obj.apiVersion}` }];
  const nameRe = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
  if (!nameRe.test(obj.metadata.name))
    problems.push({ object: ref, path: 'metadata.name', message: 'is not a DNS-1123 name' });
  checkValue(obj, typeName, '', (path, message) => problems.push({ object: ref, path, message }));
  return problems;
}

export function validateObjects(objects: KubeObject[]): ValidationProblem[] {
  return objects.flatMap(validateObject);
}

function checkValue(
  value: unknown,
  type: string,
  path: string,
  report: (path: string, message: string) => void,
  field = '',
): void {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return report(path, `must be a list`);
    value.forEach((v, i) => checkValue(v, array[1]!, `${path}[${i}]`, report));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value !== 'object' || Array.isArray(value)) return report(path, 'must be a mapping');
    const inner = map[1]!;
    for (const [k, v] of Object.entries(value)) {
      if (QUANTITY_FIELDS.has(field) && inner === 'string') {
        if (typeof v !== 'string' && typeof v !== 'number') report(`${path}.${k}`, 'must be a quantity');
        else if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i?|[numk])?$/.test(String(v)))
          report(`${path}.${k}`, `"${v}" is not a quantity`);
        continue;
      }
      checkValue(v, inner, `${path}.${k}`, report);
    }
    return;
  }
  switch (type) {
    case 'string':
      if (typeof value !== 'string')
        report(
          path,
          `must be a string (got ${typeof value}${typeof value === 'number' || typeof value === 'boolean' ? `: quote it` : ''})`,
        );
      return;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) report(path, 'must be a number');
      return;
    case 'boolean':
      if (typeof value !== 'boolean') report(path, 'must be true or false');
      return;
    case 'IntOrString':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value)))
        report(path, 'must be an integer or a string');
      return;
    case 'Date':
      if (typeof value !== 'string' && !(value instanceof Date)) report(path, 'must be a timestamp');
      return;
    case 'any':
      return;
  }
  const m = model(type);
  if (!m) return report(path, `no schema for type ${type}`);
  if (typeof value !== 'object' || Array.isArray(value)) return report(path, `must be a mapping (${type})`);
  const attrs = m.getAttributeTypeMap();
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const attr = attrs.find((a) => a.baseName === key);
    const at = path ? `${path}.${key}` : key;
    if (!attr) {
      report(at, `unknown field "${key}" in ${type}`);
      continue;
    }
    checkValue(record[key], attr.type, at, report, key);
  }
  for (const req of REQUIRED[type] ?? []) {
    if (record[req] === undefined || record[req] === null)
      report(path ? `${path}.${req}` : req, `required field missing (${type})`);
  }
}
