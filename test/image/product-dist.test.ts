// Only the product ships: the dist the Dockerfile copies is built from
// tsconfig.json, and nothing tsc compiles there (every file it includes and
// every file those import, type-only and dynamic imports too) is the demo, the
// namespace testbed or a fuzz harness. Those are built by tsconfig.extras.json
// for the npm package, where `dlna-bridge demo` works; in the image it says in
// one line that the demo is not there.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, repoRoot, runCli } from '../helpers/cli.js';
import { parseDockerfile } from './dockerfile.js';

const NOT_PRODUCT = [
  /^src\/demo\//,
  /^src\/netns\//,
  /^src\/bridge\/ssdp\/fuzz\.ts$/,
  /^src\/bridge\/rewrite\/fuzz-harness\.ts$/,
];
const isNotProduct = (file: string): boolean => NOT_PRODUCT.some((re) => re.test(file));

/** The files a tsconfig includes (its include/exclude), relative to the repository. */
function rootFiles(config: string): string[] {
  const file = path.join(repoRoot, config);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    file,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(String(d.messageText));
      },
    },
  );
  if (!parsed) throw new Error(`cannot read ${config}`);
  return parsed.fileNames.map((f) => path.relative(repoRoot, f));
}

/** Every source file tsc compiles for these roots: relative imports followed, as tsc follows them. */
function compiledFiles(roots: string[]): Map<string, string> {
  const importedBy = new Map<string, string>(roots.map((f) => [f, '(tsconfig include)']));
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.pop()!;
    const info = ts.preProcessFile(readFileSync(path.join(repoRoot, file), 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = path.join(path.dirname(file), fileName).replace(/\.js$/, '.ts');
      if (!importedBy.has(target)) {
        importedBy.set(target, file);
        queue.push(target);
      }
    }
  }
  return importedBy;
}

describe('the image holds only the product', () => {
  it('nothing the product build compiles is the demo, the testbed or a fuzz harness', () => {
    const compiled = compiledFiles(rootFiles('tsconfig.json'));
    expect(compiled.has('src/cli/main.ts')).toBe(true);
    expect(compiled.has('src/bridge/daemon/command.ts')).toBe(true);
    const leaks = [...compiled].filter(([file]) => isNotProduct(file)).map(([file, by]) => `${file} (from ${by})`);
    expect(leaks).toEqual([]);
  });

  it('the npm package still has them: tsconfig.extras.json builds them into the same dist, and npm run build runs both', () => {
    const extras = rootFiles('tsconfig.extras.json');
    for (const file of [
      'src/demo/command.ts',
      'src/netns/testbed.ts',
      'src/bridge/ssdp/fuzz.ts',
      'src/bridge/rewrite/fuzz-harness.ts',
    ])
      expect(extras).toContain(file);
    const scripts = (
      JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    // Both end with the CLI bundle (scripts/bundle-cli.mjs), which bundles the product's entry only.
    expect(scripts['build']).toBe('tsc -p tsconfig.json && tsc -p tsconfig.extras.json && node scripts/bundle-cli.mjs');
    expect(scripts['build:product']).toBe('tsc -p tsconfig.json && node scripts/bundle-cli.mjs');
  });

  it('the Dockerfile builds the product only and copies that dist; the extras config is not in the build context', () => {
    const dockerfile = parseDockerfile(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
    const build = dockerfile.stages.find((s) => s.name === 'build')!;
    const runs = build.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    expect(runs).toContain('npm run build:product');
    expect(runs.join('\n')).not.toMatch(/npm run build(\s|$)|tsconfig\.extras/);
    const runtime = dockerfile.stages[dockerfile.stages.length - 1]!;
    expect(runtime.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args)).toContain(
      '--from=build /src/dist ./dist',
    );
    const allowed = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('!'));
    expect(allowed).toContain('!tsconfig.json');
    expect(allowed.join('\n')).not.toContain('tsconfig.extras');
  });
});

describe('dlna-bridge demo where the demo is not built (the image)', () => {
  // The built dist without the extras, beside a package.json, inside the checkout so node_modules resolves.
  mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true });
  const dir = mkdtempSync(path.join(repoRoot, '.tmp', 'product-dist-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says in one line that the demo is not in this build: exit 2', async () => {
    cpSync(path.dirname(path.dirname(cliPath)), path.join(dir, 'dist'), {
      recursive: true,
      filter: (src) => !/[/\\]dist[/\\](demo|netns)([/\\]|$)/.test(src),
    });
    writeFileSync(path.join(dir, 'package.json'), readFileSync(path.join(repoRoot, 'package.json')));
    const r = await runCli(['demo'], { cli: path.join(dir, 'dist/cli/main.js') });
    expect(r.stderr).toBe(
      'dlna-bridge: demo: not in this build: the container image ships the bridge only; run the demo from the npm package (sudo npm run demo)\n',
    );
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });
});
