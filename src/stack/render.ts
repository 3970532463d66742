// `stack render`: deploy/ (kustomize base + components) + the user's values ->
// the objects to apply. Components follow the values (gpu, dns.coredns); the
// rest of the kustomization is read as committed.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyValues } from './apply-values.js';
import { buildKustomization, readComponents } from './kustomize.js';
import { sortForApply, type KubeObject } from './manifest.js';
import type { StackValues } from './values.js';

/** deploy/ next to dist/ (installed package) or src/ (tests): both are two levels below the root. */
export const DEFAULT_DEPLOY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy');

export const GPU_COMPONENT = 'components/gpu';
export const COREDNS_COMPONENT = 'components/coredns';
export const MONITORING_COMPONENT = 'components/monitoring';

/** The root kustomization's components, with the value-controlled ones added or dropped. */
export function selectComponents(committed: string[], values: StackValues): string[] {
  const normal = (c: string): string => path.posix.normalize(c).replace(/\/$/, '');
  const controlled = [GPU_COMPONENT, COREDNS_COMPONENT, MONITORING_COMPONENT];
  const list = committed.map(normal).filter((c) => !controlled.includes(c));
  if (values.gpu) list.push(GPU_COMPONENT);
  if (values.dns.coredns) list.push(COREDNS_COMPONENT);
  if (values.monitoring.podMonitor) list.push(MONITORING_COMPONENT);
  return list;
}

export function renderStack(values: StackValues, deployDir: string = DEFAULT_DEPLOY_DIR): KubeObject[] {
  const components = selectComponents(readComponents(deployDir), values);
  const objects = buildKustomization(deployDir, { components });
  return sortForApply(applyValues(objects, values));
}
