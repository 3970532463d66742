// What the image is made of, read from the Dockerfile itself: the base is a
// build argument (so CI can build from a stand-in, scripts/image-test.sh), the
// bridge runs as uid 65532 (as deploy/base/dlna-bridge.yaml runs it), and the
// runtime stage holds only the compiled code, production dependencies and
// profiles: no sources, no dev dependencies, no build context at large.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { copies, parseDockerfile, parseInstructions } from './dockerfile.js';

const dockerfile = parseDockerfile(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
const runtime = dockerfile.stages[dockerfile.stages.length - 1]!;
const normal = (p: string): string => p.replace(/^\.\//, '').replace(/\/$/, '');

describe('Dockerfile', () => {
  it('takes its base image as a build argument, declared before FROM, defaulting to Node 24 on Debian trixie slim', () => {
    expect(dockerfile.globalArgs.map((a) => a.args)).toContain('NODE_IMAGE=node:24-trixie-slim');
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of dockerfile.stages)
      expect(stage.base, `stage ${stage.name ?? '(runtime)'}`).toBe('${NODE_IMAGE}');
  });

  it("runs as uid and gid 65532, the DaemonSet's runAsUser, with dlna-bridge as the entry point", () => {
    const users = runtime.instructions.filter((i) => i.keyword === 'USER');
    expect(users.map((u) => u.args)).toEqual(['65532:65532']);
    const last = runtime.instructions.map((i) => i.keyword);
    // No RUN after USER: nothing is done as the runtime user at build time.
    expect(last.slice(last.indexOf('USER'))).not.toContain('RUN');
    expect(runtime.instructions.find((i) => i.keyword === 'ENTRYPOINT')?.args).toBe('["dlna-bridge"]');
    expect(runtime.instructions.find((i) => i.keyword === 'CMD')?.args).toBe('["serve"]');
  });

  it('copies into the runtime stage only the compiled code, production dependencies, package.json and profiles', () => {
    const names = new Map(dockerfile.stages.map((s) => [s.name, s]));
    const copied = copies(runtime).map((c) => `${c.from ?? 'context'}:${c.sources.map(normal).join(',')}`);
    expect(copied.sort()).toEqual([
      'build:/src/dist',
      'context:package.json',
      'context:profiles',
      'prod-deps:/app/node_modules',
    ]);
    // The dependencies come from a stage that installs production ones only.
    const prodDeps = names.get('prod-deps')!;
    expect(
      prodDeps.instructions
        .filter((i) => i.keyword === 'RUN')
        .map((i) => i.args)
        .join(' '),
    ).toMatch(/npm ci --omit=dev --ignore-scripts/);
  });

  it('hands npm a CA only as a build secret, never as a file of the context or a layer', () => {
    const all = dockerfile.stages.flatMap((s) => s.instructions);
    const npmCi = all.filter((i) => i.keyword === 'RUN' && i.args.includes('npm ci'));
    expect(npmCi.length).toBe(2);
    for (const run of npmCi) expect(run.args).toMatch(/^--mount=type=secret,id=npm-ca /);
    expect(
      all
        .filter((i) => i.keyword === 'ENV')
        .map((i) => i.args)
        .join(' '),
    ).not.toContain('NODE_EXTRA_CA_CERTS');
    for (const stage of dockerfile.stages)
      for (const c of copies(stage)) expect(c.sources.join(' ')).not.toMatch(/ca|cert|npmrc/i);
  });

  it('.dockerignore lets in exactly what the Dockerfile copies from the build context', () => {
    const ignore = readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(ignore[0]).toBe('*');
    const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => normal(l.slice(1)));
    const fromContext = dockerfile.stages.flatMap((s) =>
      copies(s)
        .filter((c) => !c.from)
        .flatMap((c) => c.sources.map(normal)),
    );
    expect([...new Set(fromContext)].sort()).toEqual([...allowed].sort());
  });
});

describe('Dockerfile reader', () => {
  it('joins continuation lines, drops comments inside them and keeps the first line number', () => {
    const text =
      '# syntax=docker/dockerfile:1\nARG A=1\n\nFROM x AS b\nRUN a \\\n  # note\n  && b\nCOPY --from=b /x /y\n';
    expect(parseInstructions(text)).toEqual([
      { keyword: 'ARG', args: 'A=1', line: 2 },
      { keyword: 'FROM', args: 'x AS b', line: 4 },
      { keyword: 'RUN', args: 'a && b', line: 5 },
      { keyword: 'COPY', args: '--from=b /x /y', line: 8 },
    ]);
    const df = parseDockerfile(text);
    expect(df.stages[0]).toMatchObject({ base: 'x', name: 'b' });
    expect(copies(df.stages[0]!)).toEqual([{ from: 'b', sources: ['/x'], dest: '/y' }]);
  });

  it('refuses an instruction other than ARG before the first FROM', () => {
    expect(() => parseDockerfile('RUN x\nFROM y\n')).toThrow('line 1: RUN before the first FROM');
  });
});
