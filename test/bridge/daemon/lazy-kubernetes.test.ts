import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/cli.js';

// What Node loads is what the built JavaScript imports (`import type` is gone
// there), so the graph is walked over dist/, which vitest's global setup builds.
// Static imports are what a module costs when it loads; with followDynamic the
// walk also follows import('...') with a literal path: everything the module
// may ever load, e.g. the daemon with --kubernetes-service.
function packagesReachableFrom(entry: string, followDynamic = false): { packages: Map<string, string>; files: number } {
  const seen = new Set<string>();
  const packages = new Map<string, string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    const specs = [
      ...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s*['"]([^'"]+)['"]|^import\s*['"]([^'"]+)['"]/gm),
    ].map((m) => (m[1] ?? m[2])!);
    if (followDynamic) specs.push(...[...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!));
    for (const spec of specs) {
      if (spec.startsWith('.')) walk(path.resolve(path.dirname(file), spec));
      else if (!packages.has(spec)) packages.set(spec, path.relative(repoRoot, file));
    }
  };
  walk(path.join(repoRoot, 'dist', entry));
  return { packages, files: seen.size };
}

const isKubernetesClient = (spec: string): boolean =>
  spec === '@kubernetes/client-node' || spec.startsWith('@kubernetes/client-node/');
const kubernetesClientImports = (packages: Map<string, string>): string[] =>
  [...packages].filter(([spec]) => isKubernetesClient(spec)).map(([spec, from]) => `${spec} (imported by ${from})`);

describe('serve: idle RSS budget (issue 3: <= 60 MiB idle)', () => {
  it('the daemon does not load @kubernetes/client-node (~75 MiB of RSS) at start', () => {
    const { packages, files } = packagesReachableFrom('bridge/daemon/command.js');
    expect(files).toBeGreaterThan(20); // the walk did follow the daemon's modules
    expect(packages.has('pino')).toBe(true);
    expect(kubernetesClientImports(packages)).toEqual([]);
  });

  it('nor ever with --kubernetes-service: the Service source, the Lease elector and the kubeconfig reader are the lite client (node:https)', () => {
    const { packages, files } = packagesReachableFrom('bridge/daemon/command.js', true);
    const lite = packagesReachableFrom('bridge/daemon/bridge.js', true);
    // The walk did reach the lazily loaded Kubernetes modules and their transport.
    expect(files).toBeGreaterThan(packagesReachableFrom('bridge/daemon/command.js').files);
    expect(lite.packages.has('node:https')).toBe(true);
    // yaml only for a YAML kubeconfig (required lazily); the in-cluster DaemonSet never loads it.
    expect(lite.packages.has('yaml')).toBe(false);
    expect(kubernetesClientImports(packages)).toEqual([]);
  });

  it('the walk does see a static import of the client (stack apply/doctor keep @kubernetes/client-node)', () => {
    const { packages } = packagesReachableFrom('stack/cluster/kubeconfig.js');
    expect([...packages.keys()].some(isKubernetesClient)).toBe(true);
  });
});
