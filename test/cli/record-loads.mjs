// Preloaded (`node --import`) by start-up.test.ts: appends to the file named by
// DLNA_BRIDGE_RECORD_LOADS the path of every module file the process loads: ES
// modules as their loader hook sees them, CommonJS ones from require's cache at exit.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const out = process.env.DLNA_BRIDGE_RECORD_LOADS;
const hooks = `
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(${JSON.stringify(out)}, fileURLToPath(url) + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
const cache = createRequire(import.meta.url).cache;
process.on('exit', () =>
  appendFileSync(
    out,
    Object.keys(cache)
      .map((file) => `${file}\n`)
      .join(''),
  ),
);
