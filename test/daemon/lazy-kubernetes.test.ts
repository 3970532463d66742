import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';

// What Node loads is what the built JavaScript imports statically (`import
// type` is gone there), so the graph is walked over dist/, which vitest's
// global setup builds. Dynamic import() is not followed: that is the point.
function packagesReachableFrom(entry: string): { packages: Map<string, string>; files: number } {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm)) {
      const spec = (m[1] ?? m[2])!;
      if (spec.startsWith('.')) walk(path.resolve(path.dirname(file), spec));
      else if (!packages.has(spec)) packages.set(spec, path.relative(repoRoot, file));
    }
  };
  walk(path.join(repoRoot, 'dist', entry));
  return { packages, files: seen.size };
}

const isKubernetesClient = (spec: string): boolean => spec === '@kubernetes/client-node' || spec.startsWith('@kubernetes/client-node/');

describe('serve: idle RSS budget (issue 3: <= 60 MiB idle)', () => {
  it('the daemon does not load @kubernetes/client-node (~75 MiB of RSS) unless --kubernetes-service asks for it', () => {
    const { packages, files } = packagesReachableFrom('daemon/run.js');
    expect(files).toBeGreaterThan(20); // the walk did follow the daemon's modules
    expect(packages.has('pino')).toBe(true);
    const kube = [...packages].filter(([spec]) => isKubernetesClient(spec));
    expect(kube.map(([spec, from]) => `${spec} (imported by ${from})`)).toEqual([]);
  });

  it('the modules loaded for --kubernetes-service do import it (the walk sees a static import)', () => {
    for (const entry of ['k8s/kubeconfig.js', 'sources/kubernetes/kubernetes-source.js', 'leader/kubernetes-leader.js']) {
      const { packages } = packagesReachableFrom(entry);
      expect([...packages.keys()].some(isKubernetesClient), entry).toBe(true);
    }
  });
});
