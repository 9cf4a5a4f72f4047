// Adds up the vitest JSON reports of every package (test-output/vitest.json)
// and prints one closing line: "tests: N passed, N failed, N skipped".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const totals = { passed: 0, failed: 0, skipped: 0 };
const roots = ['packages', 'apps'];

for (const root of roots) {
  for (const name of readdirSync(root)) {
    const report = join(root, name, 'test-output', 'vitest.json');
    if (!existsSync(report)) continue;

    const json = JSON.parse(readFileSync(report, 'utf8'));
    totals.passed += json.numPassedTests;
    totals.failed += json.numFailedTests;
    totals.skipped += json.numPendingTests + json.numTodoTests;
  }
}

console.log(
  `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
);
