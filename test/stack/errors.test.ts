// For the stack and its cluster adapters: every error they throw on
// purpose is a DlnaBridgeError with a stable STACK_ or KUBE_ code, and the
// library names no CLI flag and imports nothing from src/cli.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KubePreflightError } from '../../src/k8s/preflight.js';
import { ApplyAbortedError } from '../../src/stack/apply.js';
import { RenderError } from '../../src/stack/apply-values.js';
import { KubeConfigError } from '../../src/stack/cluster/kubeconfig.js';
import { JsonPatchError } from '../../src/stack/json-patch.js';
import { KustomizeError } from '../../src/stack/kustomize.js';
import { ValuesError } from '../../src/stack/values.js';
import { OutDirError } from '../../src/stack/write-out.js';
import { DlnaBridgeError } from '../../src/util/errors.js';
import { repoRoot } from '../helpers/cli.js';
import { throwSites } from '../helpers/throw-sites.js';

const ERRORS: DlnaBridgeError[] = [
  new ValuesError('STACK_VALUES_INVALID', 'x'),
  new ValuesError('STACK_VALUES_YAML_INVALID', 'x'),
  new ValuesError('STACK_VALUES_UNREADABLE', 'x'),
  new ValuesError('STACK_SET_INVALID', 'x'),
  new KustomizeError('x'),
  new RenderError('x'),
  new JsonPatchError('x'),
  new OutDirError('x'),
  new ApplyAbortedError('x'),
  new KubeConfigError('KUBE_CONFIG_UNREADABLE', 'x'),
  new KubeConfigError('KUBE_CONTEXT_UNKNOWN', 'x'),
  new KubeConfigError('KUBE_NO_CURRENT_CLUSTER', 'x'),
  new KubeConfigError('KUBE_CONFIG_INVALID', 'x'),
  new KubePreflightError('KUBE_NOT_CONFIGURED', 'x'),
  new KubePreflightError('KUBE_SERVER_ADDRESS_INVALID', 'x'),
  new KubePreflightError('KUBE_SERVER_SILENT', 'x'),
  new KubePreflightError('KUBE_LITE_CONFIG_INVALID', 'x'),
];

const AREA_CLASSES = [
  'ValuesError',
  'KustomizeError',
  'RenderError',
  'JsonPatchError',
  'OutDirError',
  'ApplyAbortedError',
  'KubeConfigError',
  'KubePreflightError',
];

function areaFiles(): string[] {
  const stack = readdirSync(path.join(repoRoot, 'src/stack'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join('src/stack', f));
  return [...stack, 'src/k8s/preflight.ts'];
}

describe('stack and cluster errors', () => {
  it('each is a DlnaBridgeError with an area code, its class name, and a kind', () => {
    for (const err of ERRORS) {
      expect(err).toBeInstanceOf(DlnaBridgeError);
      expect(err.code).toMatch(/^(STACK|KUBE)_[A-Z_]+$/);
      expect(err.name).toBe(err.constructor.name);
      expect(['input', 'environment', 'finding']).toContain(err.kind);
    }
    expect(new Set(ERRORS.map((e) => e.code)).size).toBe(ERRORS.length);
  });

  it('no file imports src/cli; every throw names an area error class; no message names a flag', () => {
    for (const file of areaFiles()) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      expect(text, file).not.toMatch(/from '(\.\.\/)+cli\//);
      for (const site of throwSites(text)) {
        // service-proxy.ts throws plain Errors that snapshot.ts records as "could not read" notes.
        if (file.endsWith('service-proxy.ts')) continue;
        expect(AREA_CLASSES, `${file}: ${site.call.slice(0, 120)}`).toContain(site.className);
        // apply-values.ts names the init container's own `profile sync --layout` argument in deploy/, not a flag of ours.
        if (!file.endsWith('apply-values.ts')) expect(site.call, file).not.toMatch(/[`'"]--[a-z]|\s--[a-z][a-z-]+/);
      }
    }
  });
});
