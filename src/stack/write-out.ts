// `stack render --out DIR`: one file per object plus a kustomization.yaml that
// lists exactly them, so `kubectl apply -k DIR` applies this render and never a
// stale file from an earlier one. Every file is written atomically.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { atomicWriteFile } from '../util/atomic-write.js';
import { fileNameFor, toYaml, type KubeObject } from './manifest.js';

export async function writeRenderedDir(dir: string, objects: KubeObject[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const names = objects.map((o, i) => fileNameFor(o, i + 1));
  for (const [i, obj] of objects.entries()) {
    await atomicWriteFile(path.join(dir, names[i]!), toYaml(obj));
  }
  const kustomization = { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: names };
  await atomicWriteFile(path.join(dir, 'kustomization.yaml'), `# written by dlna-bridge stack render\n${toYaml(kustomization)}`);
  return [...names, 'kustomization.yaml'];
}
