// Jest reporter: writes this project's totals to $SEISDEC_JEST_RESULTS_DIR so the test command can
// print one summary over every Nx project (each project runs its own Jest).
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig, options = {}) {
    this.dir = options.dir;
    this.name = options.name ?? 'jest';
  }
  onRunComplete(_contexts, results) {
    if (!this.dir) return;
    fs.mkdirSync(this.dir, { recursive: true });
    const summary = {
      project: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
      failedSuites: results.numFailedTestSuites + results.numRuntimeErrorTestSuites,
    };
    fs.writeFileSync(path.join(this.dir, `${this.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`), JSON.stringify(summary));
  }
}
module.exports = SummaryReporter;
