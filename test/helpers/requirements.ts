import { execFileSync } from 'node:child_process';

/**
 * Integration tests need root (network namespaces) and Debian tools. Locally a
 * missing requirement skips with a reason; with CI=true it is a failure, so CI
 * can never pass by silently skipping the real checks.
 */
export function missingRequirements(tools: string[], needRoot = true): string[] {
  const missing: string[] = [];
  if (needRoot && process.getuid?.() !== 0) missing.push('root (network namespaces)');
  for (const tool of tools) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      missing.push(tool);
    }
  }
  return missing;
}

/** Returns true when the suite may run; throws under CI when it may not. */
export function requirementsMet(tools: string[], needRoot = true): boolean {
  const missing = missingRequirements(tools, needRoot);
  if (missing.length === 0) return true;
  const message = `integration test needs: ${missing.join(', ')} (run \`npm test\` as root: it installs them)`;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(message);
  console.warn(`skipping: ${message}`);
  return false;
}
