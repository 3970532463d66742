#!/usr/bin/env node
// The entry point, kept small: the compile cache must be on before the program
// (commander and every command's flags) is compiled, so that loads here by a
// dynamic import. `npm run build` bundles from here (scripts/bundle-cli.mjs).
import { enableCompileCache } from './compile-cache.js';

enableCompileCache();

// `dlna-bridge ... | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const { main } = await import('./program.js');
process.exitCode = await main(process.argv);
