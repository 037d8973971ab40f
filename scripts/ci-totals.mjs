// Prints the real test totals as one plain line, `N passed, N failed[, N skipped]`, from
// vitest's JSON report, and exits non-zero on any failure. If lint or typecheck failed,
// vitest never ran: that counts as one failure. Nothing may be skipped in CI: a skipped
// test (e.g. after a failed beforeAll) makes the run fail too.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, statusText] = process.argv.slice(2);
const status = Number(statusText ?? 1);

if (!reportPath || !existsSync(reportPath)) {
  console.log('no test report: lint, typecheck or the test runner failed before reporting (see above)');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const suites = report.testResults ?? [];
const passed = report.numPassedTests ?? 0;
const failedTests = report.numFailedTests ?? 0;
// A suite that failed to load or set up has no failed *test*, but it is a failure all the same.
const brokenSuites = suites.filter(
  (suite) => suite.status === 'failed' && !(suite.assertionResults ?? []).some((test) => test.status === 'failed'),
).length;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);

let failed = failedTests + brokenSuites;
if (failed === 0 && status !== 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || skipped > 0 ? 1 : 0);
