// Lint throughput over the 27-profile Jellyfin corpus, in profiles per second
// (target >= 2000/s), against a baseline measured in the same run: a bare
// fast-xml-parser parse of the same files (no model, no positions, no rules).
// Rates are per second of this process's CPU time (process.cpuUsage), so a
// busy shared machine stretches the wall clock but not the figure: "one core".
// Steady state: each measurement first runs its function over the corpus
// until a full second of CPU time has gone by (measured: the first ~250
// lints, about 0.8 s of CPU, run at 150-600/s while the JIT compiles the
// parser and the engine; the old 200-call warm-up measured mostly that), then
// counts passes over the corpus in a fixed CPU-time window. Every pass parses
// each text afresh: nothing is cached across passes (engine-verdicts memoises
// per parsed profile object, and each pass makes new ones).
// Run `npx tsc -p tsconfig.json` first. `--seconds N` per measurement (default 3).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { lintProfileText } from '../dist/profile/lint/runner.js';
import { DEFAULT_POLICY } from '../dist/device-profile/model.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpusDir = path.resolve(here, '../test/fixtures/jellyfin-profiles');
const files = readdirSync(corpusDir)
  .filter((f) => f.endsWith('.xml'))
  .sort();
const texts = files.map((f) => readFileSync(path.join(corpusDir, f), 'utf8'));
const secIdx = process.argv.indexOf('--seconds');
const seconds = secIdx > 0 ? Number(process.argv[secIdx + 1]) : 3;
const WARM_UP_SECONDS = 1;

function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function passes(fn, budget) {
  let n = 0;
  const c0 = cpuSeconds();
  let used = 0;
  while (used < budget) {
    for (const t of texts) fn(t);
    n += texts.length;
    used = cpuSeconds() - c0;
  }
  return { n, used };
}

function measure(name, fn) {
  const warm = passes(fn, WARM_UP_SECONDS);
  const { n, used } = passes(fn, seconds);
  const perSecond = n / used;
  console.log(`${name.padEnd(48)} ${perSecond.toFixed(0).padStart(8)} profiles/s  (${n} profiles; warm-up ${warm.n})`);
  return perSecond;
}

const bytes = texts.reduce((s, t) => s + t.length, 0);
console.log(
  `corpus: ${texts.length} profiles, ${(bytes / 1024).toFixed(1)} KiB, ${seconds}s CPU per measurement after ${WARM_UP_SECONDS}s CPU warm-up`,
);
const parser = new XMLParser({ ignoreAttributes: false });
const baseline = measure('baseline: fast-xml-parser parse only', (t) => parser.parse(t));
let findings = 0;
const lint = measure('dlna-bridge lintProfileText (parse+model+rules)', (t) => {
  findings += lintProfileText(t, DEFAULT_POLICY).length;
});
console.log(
  `lint / baseline throughput ratio: ${(lint / baseline).toFixed(2)}x   target: >= 2000 profiles/s -> ${lint >= 2000 ? 'met' : 'NOT met'}`,
);
if (findings === -1) console.log(findings);
