import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildKustomization, KustomizeError } from '../../src/stack/kustomize.js';

let dir = '';
function tree(files: Record<string, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), 'kust-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cm = (name: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: media\ndata:\n  a: "1"\n`;

describe('kustomize subset (resources, components, JSON 6902 patches)', () => {
  it('loads files and nested kustomization folders in order, then components, then own patches', () => {
    const root = tree({
      'kustomization.yaml':
        'resources:\n  - base\ncomponents:\n  - comp\npatches:\n  - target: {kind: ConfigMap, name: one}\n    patch: |-\n      - op: replace\n        path: /data/a\n        value: "root"\n',
      'base/kustomization.yaml': 'resources:\n  - one.yaml\n',
      'base/one.yaml': cm('one'),
      'comp/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - two.yaml\npatches:\n  - path: p.yaml\n    target: {kind: ConfigMap}\n',
      'comp/two.yaml': `${cm('two')}---\n# empty doc follows\n---\n`,
      'comp/p.yaml': '- op: add\n  path: /data/b\n  value: "comp"\n',
    });
    const objs = buildKustomization(root);
    expect(objs.map((o) => o.metadata.name)).toEqual(['one', 'two']);
    expect(objs[0]!['data']).toEqual({ a: 'root', b: 'comp' });
    expect(objs[1]!['data']).toEqual({ a: '1', b: 'comp' });
  });

  it('the component list can be replaced (values switch components on and off)', () => {
    const root = tree({
      'kustomization.yaml': 'resources: [one.yaml]\ncomponents: [comp]\n',
      'one.yaml': cm('one'),
      'comp/kustomization.yaml': 'kind: Component\nresources: [two.yaml]\n',
      'comp/two.yaml': cm('two'),
    });
    expect(buildKustomization(root, { components: [] }).map((o) => o.metadata.name)).toEqual(['one']);
  });

  it('refuses kustomize fields it does not implement instead of ignoring them', () => {
    const root = tree({ 'kustomization.yaml': 'resources: [one.yaml]\nnamePrefix: x-\n', 'one.yaml': cm('one') });
    expect(() => buildKustomization(root)).toThrow(/field "namePrefix" is not supported/);
  });

  it('refuses paths outside the root, duplicates, patches that match nothing, and hostile YAML', () => {
    expect(() => buildKustomization(tree({ 'kustomization.yaml': 'resources: [../../etc/passwd]\n' }))).toThrow(
      /points outside/,
    );
    rmSync(dir, { recursive: true });
    expect(() =>
      buildKustomization(
        tree({ 'kustomization.yaml': 'resources: [a.yaml, b.yaml]\n', 'a.yaml': cm('one'), 'b.yaml': cm('one') }),
      ),
    ).toThrow(/defined twice/);
    rmSync(dir, { recursive: true });
    expect(() =>
      buildKustomization(
        tree({
          'kustomization.yaml': 'resources: [a.yaml]\npatches:\n  - target: {kind: Secret}\n    patch: "[]"\n',
          'a.yaml': cm('one'),
        }),
      ),
    ).toThrow(/matches no object/);
    rmSync(dir, { recursive: true });
    expect(() =>
      buildKustomization(tree({ 'kustomization.yaml': 'resources: [a.yaml]\n', 'a.yaml': 'a: &x [1]\nb: *x\n' })),
    ).toThrow(KustomizeError);
    rmSync(dir, { recursive: true });
    expect(() =>
      buildKustomization(tree({ 'kustomization.yaml': 'resources: [a.yaml]\n', 'a.yaml': 'kind: ConfigMap\n' })),
    ).toThrow(/apiVersion, kind and metadata.name/);
  });

  it('images: name -> newTag / newName / digest, in containers and init containers of every workload', () => {
    const deploy = (image: string, init: string): string =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n  namespace: media\nspec:\n  selector: {}\n  template:\n    spec:\n      initContainers:\n        - {name: init, image: ${init}}\n      containers:\n        - {name: app, image: ${image}}\n`;
    const root = tree({
      'kustomization.yaml':
        'resources: [a.yaml]\nimages:\n  - name: example/app\n    newTag: "1.10"\n  - name: registry:5000/tool\n    newName: mirror.example.org/tool\n  - name: other\n    digest: sha256:abc\n',
      'a.yaml': deploy('example/app', 'registry:5000/tool:2'),
    });
    const [obj] = buildKustomization(root) as unknown as {
      spec: { template: { spec: { initContainers: { image: string }[]; containers: { image: string }[] } } };
    }[];
    expect(obj!.spec.template.spec.containers[0]!.image).toBe('example/app:1.10');
    expect(obj!.spec.template.spec.initContainers[0]!.image).toBe('mirror.example.org/tool:2');
    rmSync(dir, { recursive: true });
    expect(() =>
      buildKustomization(tree({ 'kustomization.yaml': 'resources: []\nimages:\n  - name: a\n    newTag: 1.10\n' })),
    ).toThrow(/newTag must be a non-empty string \(quote a tag/);
  });
});
