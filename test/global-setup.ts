import { execFileSync } from 'node:child_process';
import { repoRoot } from './helpers/cli.js';

// CLI tests run the built CLI as a process. Build once per run, as `npm run
// build` does: tsc, then the bundled CLI entry over dist/cli/main.js. Type
// errors are reported by `npm run typecheck` (part of `npm test`), not here, so
// a run still gets fresh JavaScript to execute.
export default function setup(): void {
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], {
      cwd: repoRoot,
      stdio: 'ignore',
    });
  } catch {
    // emitted anyway (noEmitOnError is off); typecheck fails the suite separately
  }
  // A bundle that cannot be built fails the run: the tests would run tsc's entry instead.
  execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
}
