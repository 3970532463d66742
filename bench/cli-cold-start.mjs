// CLI cold start: wall time of `dlna-bridge profile lint <one file>` and
// `dlna-bridge --help`, as processes, against `node -e 0` measured in the same
// run (median of N runs each, interleaved). Target: ratio <= 3x.
// Run `npx tsc -p tsconfig.json` first. `--runs N` (default 15).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const cli = path.resolve(here, '../dist/cli/main.js');
const profile = path.resolve(here, '../test/fixtures/jellyfin-profiles/LG Smart TV.xml');
const runsIdx = process.argv.indexOf('--runs');
const runs = runsIdx > 0 ? Number(process.argv[runsIdx + 1]) : 15;

const cases = {
  'node -e 0 (baseline)': ['-e', '0'],
  'dlna-bridge profile lint <one file>': [cli, 'profile', 'lint', profile],
  'dlna-bridge --help': [cli, '--help'],
};

function once(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
  if (r.error) throw r.error;
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const args of Object.values(cases)) once(args); // warm the file cache
for (let i = 0; i < runs; i++) for (const [k, args] of Object.entries(cases)) times[k].push(once(args));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times['node -e 0 (baseline)']);
console.log(`median of ${runs} runs each (interleaved):`);
for (const k of Object.keys(cases)) {
  const m = median(times[k]);
  console.log(`${k.padEnd(38)} ${m.toFixed(1).padStart(7)} ms   ${(m / base).toFixed(2)}x node -e 0${k.startsWith('node') ? '' : `   target <= 3x -> ${m / base <= 3 ? 'met' : 'NOT met'}`}`);
}
