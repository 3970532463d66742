import { execFileSync } from 'node:child_process';
import { repoRoot } from './helpers/cli.js';

// CLI tests run the built CLI as a process. Build once per run; type errors are
// reported by `npm run typecheck` (part of `npm test`), not here, so a run
// still gets fresh JavaScript to execute.
export default function setup(): void {
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], {
      cwd: repoRoot,
      stdio: 'ignore',
    });
  } catch {
    // emitted anyway (noEmitOnError is off); typecheck fails the suite separately
  }
}
