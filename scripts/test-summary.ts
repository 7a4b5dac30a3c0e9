// Adds up the JSON reports of every suite in .data/test-reports and prints the closing lines: the
// counts, and why the suite failed when no test did (a step such as lint, an error outside a test).
import fs from "node:fs";
import path from "node:path";

const dir = path.resolve(".data/test-reports");
const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
let passed = 0;
let failed = 0;
let skipped = 0;
const problems: string[] = [];
for (const file of files.filter((name) => name.endsWith(".json"))) {
  const report = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
  if (report.stats) {
    // Playwright: errors outside any test (setup, teardown, a worker that crashed) fail the run too
    passed += report.stats.expected;
    failed += report.stats.unexpected + report.stats.flaky;
    skipped += report.stats.skipped;
    for (const error of report.errors ?? []) problems.push(`${file}: ${String(error.message ?? error).split("\n")[0]}`);
  } else {
    // Vitest: `success` is false also for an unhandled error while every test passed
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
    if (report.success === false && report.numFailedTests === 0)
      problems.push(`${file}: no test failed, but the run did not succeed (an unhandled error: see its output)`);
  }
}
const failedSteps = files.includes("failed-steps")
  ? fs.readFileSync(path.join(dir, "failed-steps"), "utf8").split("\n").filter(Boolean)
  : [];
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join("; ")}`);
for (const problem of problems) console.log(`problem: ${problem}`);
