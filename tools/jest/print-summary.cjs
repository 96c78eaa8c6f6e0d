// Prints the totals the summary reporter collected, per project and overall, ending with the line
// "N passed, N failed, N skipped". Exits non-zero when a test failed, a suite failed to run, or
// no test ran at all.
const fs = require('node:fs');
const path = require('node:path');

const [dir, ...expected] = process.argv.slice(2);
const rows = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'))) : [];
rows.sort((a, b) => a.project.localeCompare(b.project));
const total = { passed: 0, failed: 0, skipped: 0, suites: 0, failedSuites: 0 };
console.log('\nTest summary by project:');
for (const r of rows) {
  for (const k of Object.keys(total)) total[k] += r[k];
  console.log(`  ${r.project.padEnd(28)} ${String(r.passed).padStart(5)} passed ${String(r.failed).padStart(4)} failed ${String(r.skipped).padStart(4)} skipped  (${r.suites} suites${r.failedSuites ? `, ${r.failedSuites} failed` : ''})`);
}
const missing = expected.filter((p) => !rows.some((r) => r.project === p));
if (missing.length) console.log(`  projects that reported no results: ${missing.join(', ')}`);
console.log(`Test suites: ${total.suites - total.failedSuites} passed, ${total.failedSuites} failed`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 || total.failedSuites > 0 || total.passed === 0 || missing.length > 0 ? 1 : 0);
