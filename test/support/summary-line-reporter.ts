import type { Reporter, SerializedError, TestModule } from 'vitest/node';

/**
 * Prints one closing line `N passed, N failed, N skipped` after vitest's own report, the plain form CI
 * recognises in any language (vitest is not among the runners whose summaries CI reads). A test still pending
 * when the run ends never ran (its worker crashed, its file failed to import): it counts as failed, not skipped,
 * and so does an error outside any test. The line must never read "0 failed" for a run that failed.
 */
export default class SummaryLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    for (const module of testModules) {
      let tests = 0;
      for (const test of module.children.allTests()) {
        tests++;
        const state = test.result().state;
        if (state === 'passed') counts.passed++;
        else if (state === 'skipped') counts.skipped++;
        else counts.failed++;
      }
      // A file that failed before declaring any test still failed.
      if (module.state() === 'failed' && tests === 0) counts.failed++;
    }
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
