// Fuzz the proxy's body rewriter with 1,000,000+ generated hostile inputs
// (src/bridge/rewrite/fuzz-harness.ts: no throw, idempotent, no upstream URL left),
// and report inputs/s and peak RSS (bounded memory). Baseline in the same run:
// a plain indexOf scan of the same inputs, for the rewriter's cost ratio.
// Usage: node bench/proxy-rewrite-fuzz.mjs [--count 1000000] [--seed 1]
import { checkRewriteProperties, fuzzInput, prng } from '../dist/bridge/rewrite/fuzz-harness.js';

function flag(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const count = flag('--count', 1_000_000);
const seed = flag('--seed', 1);

const rssStart = process.memoryUsage.rss();
let rssPeak = rssStart;
let scanned = 0;
let t0 = performance.now();
let rand = prng(seed);
for (let i = 0; i < count; i++) scanned += fuzzInput(rand).indexOf('http://') >= 0 ? 1 : 0;
const baselineMs = performance.now() - t0;

rand = prng(seed);
let failures = 0;
let firstFailure;
t0 = performance.now();
for (let i = 0; i < count; i++) {
  const input = fuzzInput(rand);
  let violation;
  try {
    violation = checkRewriteProperties(input);
  } catch (err) {
    violation = `threw ${err.message}`;
  }
  if (violation) {
    failures++;
    firstFailure ??= { input, violation };
  }
  if ((i & 0xffff) === 0) rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
}
const fuzzMs = performance.now() - t0;
rssPeak = Math.max(rssPeak, process.memoryUsage.rss());

const mib = (n) => (n / 1024 / 1024).toFixed(1);
console.log(`proxy-rewrite-fuzz: ${count} inputs (seed ${seed}), ${scanned} containing "http://"`);
console.log(`  generate + indexOf (baseline): ${(baselineMs / 1000).toFixed(1)} s`);
console.log(
  `  generate + rewrite + check:    ${(fuzzMs / 1000).toFixed(1)} s (${Math.round(count / (fuzzMs / 1000))} inputs/s)`,
);
console.log(`  ratio rewrite/baseline:        ${(fuzzMs / baselineMs).toFixed(1)}x`);
console.log(`  RSS: start ${mib(rssStart)} MiB, peak ${mib(rssPeak)} MiB`);
console.log(
  `  property violations: ${failures}${firstFailure ? ` (first: ${firstFailure.violation} for ${JSON.stringify(firstFailure.input)})` : ''}`,
);
if (failures > 0) process.exitCode = 1;
