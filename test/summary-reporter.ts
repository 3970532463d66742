import { appendFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line per run,
 * "Tests: N passed, N failed, N skipped (Node v24.x: unit, integration)",
 * so a reader (or a CI log scanner) gets the count, and which Node and
 * projects it is for, without parsing vitest's colours. scripts/test.sh runs
 * the suite once per Node version: with DLNA_BRIDGE_TEST_SUMMARY set, the line
 * is also appended to that file for its closing summary.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const projects = new Set<string>();
    for (const mod of testModules) {
      projects.add(mod.project.name || 'default');
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
    }
    const names = [...projects].sort((a, b) => (a === 'unit' ? -1 : b === 'unit' ? 1 : a.localeCompare(b)));
    const line = `Tests: ${passed} passed, ${failed} failed, ${skipped} skipped (Node ${process.version}: ${names.join(', ') || 'no tests'})`;
    process.stdout.write(`\n${line}\n`);
    const file = process.env.DLNA_BRIDGE_TEST_SUMMARY;
    if (file) appendFileSync(file, `${line}\n`);
  }
}
