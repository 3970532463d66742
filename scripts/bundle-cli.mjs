// The CLI as users start it: `npm run build` runs tsc (dist/, every module,
// as tests and benches import them), then this bundles src/cli/main.ts over
// dist/cli/main.js. Start-up is paid per call (`profile lint` in a pre-commit
// hook): one file for the entry, commander and the command tree instead of
// ~20 resolved and compiled one by one, and each command's implementation a
// chunk loaded by its dynamic import (dist/cli/chunks/), so `--help` compiles
// no profile engine and `profile lint` no daemon. commander is bundled (plain
// JavaScript, loaded by every call); the other packages stay in node_modules
// (loaded lazily, some of them resolve files at run time: pino's transports).
//
// Chunks sit one folder deeper than the modules they come from sat in dist/,
// so each module's import.meta.url is set to the URL tsc's layout gives it:
// paths relative to it (package.json, profiles/, deploy/) stay right.
// dist/cli/bundle-inputs.json maps each output file to its sources (the
// start-up test reads it to name what a command loads).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/cli');
const chunks = 'chunks';
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => name !== 'commander');

/** import.meta.url of src/<x>.ts as tsc emits it, dist/<x>.js, relative to the chunk folder. */
const tscLayoutUrl = {
  name: 'tsc-layout-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const emitted = path.join(root, 'dist', path.relative(path.join(root, 'src'), args.path)).replace(/\.ts$/, '.js');
      const fromChunk = path.relative(path.join(outdir, chunks), emitted).split(path.sep).join('/');
      const url = `new URL(${JSON.stringify(fromChunk)}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
    });
  },
};

// Chunk names carry a hash of their content: the previous build's would stay behind.
rmSync(path.join(outdir, chunks), { recursive: true, force: true });
/** commander requires child_process at load (40 of Node's own modules) to run executable subcommands: dlna-bridge has none. */
const lazyChildProcess = {
  name: 'commander-lazy-child-process',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes('node_modules/commander/') ? { path: 'child_process', namespace: 'lazy' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      loader: 'js',
    }));
  },
};

// CommonJS code in an ES module (commander) reaches require() through esbuild's __require helper, defined once
// in the runtime chunk: only that chunk gets a require (createRequire per chunk costs each chunk a Module).
const REQUIRE =
  "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);";
const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts' },
  outdir,
  bundle: true,
  splitting: true,
  // Everything but the entry goes to chunks/ (the URL arithmetic above); the entry holds only main.ts and
  // compile-cache.ts, which read no path relative to themselves (checked below).
  chunkNames: `${chunks}/[name]-[hash]`,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  plugins: [tscLayoutUrl, lazyChildProcess],
  banner: { js: REQUIRE },
  sourcemap: true,
  write: false,
  metafile: true,
  logLevel: 'warning',
});

for (const file of result.outputFiles) {
  let text = file.text;
  // The banner's two lines become blank ones where no __require is defined: the source maps stay right.
  if (file.path.endsWith('.js') && !text.includes('var __require = ')) text = text.replace(REQUIRE, '\n');
  mkdirSync(path.dirname(file.path), { recursive: true });
  writeFileSync(file.path, text);
}

// Sources as src/... and node_modules/<package>/...
// (node_modules may be a link to another checkout's); commander's stand-in for child_process counts as commander.
const source = (input) =>
  input.startsWith('lazy:')
    ? 'node_modules/commander/lazy-child-process'
    : input.includes('node_modules/')
      ? input.slice(input.lastIndexOf('node_modules/'))
      : input;
const inputs = {};
for (const [file, output] of Object.entries(result.metafile.outputs)) {
  if (file.endsWith('.map')) continue;
  inputs[path.relative(outdir, path.join(root, file)).split(path.sep).join('/')] = Object.keys(output.inputs)
    .map(source)
    .sort();
}
if (
  inputs['main.js'].some((input) => input.startsWith('src/') && !/^src\/cli\/(main|compile-cache)\.ts$/.test(input))
) {
  throw new Error(
    `bundle-cli: dist/cli/main.js must only hold the entry and the compile cache, it holds ${inputs['main.js'].join(', ')}`,
  );
}
writeFileSync(path.join(outdir, 'bundle-inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
