// Lint throughput over the 27-profile Jellyfin corpus, in profiles per second
// (target >= 2000/s), against a baseline measured in the same run: a bare
// fast-xml-parser parse of the same files (no model, no positions, no rules).
// Run `npx tsc -p tsconfig.json` first. `--seconds N` per measurement (default 3).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { lintProfileText } from '../dist/profile/lint/runner.js';
import { DEFAULT_POLICY } from '../dist/profile/model.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpusDir = path.resolve(here, '../test/fixtures/jellyfin-profiles');
const files = readdirSync(corpusDir).filter((f) => f.endsWith('.xml')).sort();
const texts = files.map((f) => readFileSync(path.join(corpusDir, f), 'utf8'));
const secIdx = process.argv.indexOf('--seconds');
const seconds = secIdx > 0 ? Number(process.argv[secIdx + 1]) : 3;

function measure(name, fn) {
  for (let i = 0; i < 200; i++) fn(texts[i % texts.length]); // warm-up
  let n = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(Math.round(seconds * 1e9));
  let now = start;
  while (now < end) {
    for (const t of texts) fn(t);
    n += texts.length;
    now = process.hrtime.bigint();
  }
  const perSecond = n / (Number(now - start) / 1e9);
  console.log(`${name.padEnd(44)} ${perSecond.toFixed(0).padStart(8)} profiles/s  (${n} profiles)`);
  return perSecond;
}

const bytes = texts.reduce((s, t) => s + t.length, 0);
console.log(`corpus: ${texts.length} profiles, ${(bytes / 1024).toFixed(1)} KiB, ${seconds}s per measurement`);
const parser = new XMLParser({ ignoreAttributes: false });
const baseline = measure('baseline: fast-xml-parser parse only', (t) => parser.parse(t));
let findings = 0;
const lint = measure('dlna-bridge lintProfileText (parse+model+rules)', (t) => {
  findings += lintProfileText(t, DEFAULT_POLICY).length;
});
console.log(`lint / baseline throughput ratio: ${(lint / baseline).toFixed(2)}x   target: >= 2000 profiles/s -> ${lint >= 2000 ? 'met' : 'NOT met'}`);
