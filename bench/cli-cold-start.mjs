// CLI cold start: wall time of `dlna-bridge profile lint <one file>` and
// `dlna-bridge --help` against `node -e 0` in the same run (medians of N
// interleaved runs), on the system's Node and Node 24 (scripts/node24.sh).
// Targets: lint <= 1.5x, --help <= 1.2x. On Node 22+ the CLI keeps a compile
// cache (src/cli/compile-cache.ts), so the runs are a user's second and later
// calls; "no compile cache" rows show the first call (not a target).
// Run `npm run build` first. Options: `--runs N` (default 21), `--node PATH`
// (repeatable; replaces the default pair).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist/cli/main.js');
const profile = path.join(root, 'test/fixtures/jellyfin-profiles/LG Smart TV.xml');
const TARGETS = { lint: 1.5, help: 1.2 };

function args(name) {
  const out = [];
  process.argv.forEach((a, i) => a === name && out.push(process.argv[i + 1]));
  return out;
}
const runs = Number(args('--runs')[0] ?? 21);
let nodes = args('--node');
if (nodes.length === 0) {
  nodes = [process.execPath];
  try {
    nodes.push(execFileSync('bash', [path.join(root, 'scripts/node24.sh')], { encoding: 'utf8' }).trim());
  } catch {
    console.log('(no Node 24: scripts/node24.sh failed; measuring this Node only)');
  }
}

const bundled = readFileSync(cli, 'utf8').includes('./chunks/');
console.log(
  `entry: dist/cli/main.js, ${bundled ? 'the bundle (scripts/bundle-cli.mjs)' : "tsc's output, not the bundle: run `npm run build`"}`,
);

const noCache = { NODE_DISABLE_COMPILE_CACHE: '1' };
function casesFor(node) {
  const hasCache =
    spawnSync(node, ['-p', "typeof require('node:module').enableCompileCache"], { encoding: 'utf8' }).stdout.trim() ===
    'function';
  const cases = [
    { label: 'node -e 0 (baseline)', args: ['-e', '0'] },
    { label: 'dlna-bridge profile lint <one file>', args: [cli, 'profile', 'lint', profile], target: TARGETS.lint },
    { label: 'dlna-bridge --help', args: [cli, '--help'], target: TARGETS.help },
  ];
  if (hasCache) {
    cases.push({ label: '  lint, no compile cache', args: cases[1].args, env: noCache });
    cases.push({ label: '  --help, no compile cache', args: cases[2].args, env: noCache });
  }
  return cases;
}

function once(node, c) {
  const start = process.hrtime.bigint();
  const r = spawnSync(node, c.args, { stdio: 'ignore', env: { ...process.env, ...c.env } });
  if (r.error) throw r.error;
  if (r.status !== 0 && !c.args.includes('lint')) throw new Error(`${c.label} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * q)];
let allMet = true;
for (const node of nodes) {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  const cases = casesFor(node);
  for (const c of cases) once(node, c); // warm the file cache (and write the compile cache)
  const times = cases.map(() => []);
  for (let i = 0; i < runs; i++) cases.forEach((c, j) => times[j].push(once(node, c)));
  const base = quantile(times[0], 0.5);
  console.log(
    `\nNode ${version} (${node}): median of ${runs} runs each, interleaved; [p25-p75] of the ratio shows the noise`,
  );
  cases.forEach((c, j) => {
    const ratio = quantile(times[j], 0.5) / base;
    const spread = `[${(quantile(times[j], 0.25) / base).toFixed(2)}-${(quantile(times[j], 0.75) / base).toFixed(2)}]`;
    const verdict =
      c.target === undefined ? '' : `   target <= ${c.target}x: target met: ${ratio <= c.target ? 'yes' : 'no'}`;
    if (c.target !== undefined && ratio > c.target) allMet = false;
    console.log(
      `${c.label.padEnd(38)} ${quantile(times[j], 0.5).toFixed(1).padStart(7)} ms   ${ratio.toFixed(2)}x ${j ? spread : ''.padEnd(spread.length)}${verdict}`,
    );
  });
}
console.log(`\nall targets met: ${allMet ? 'yes' : 'no'}`);
