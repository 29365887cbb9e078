// Validator for the real, sourced evaluation corpus (corpus/real); the checks live in validate.ts.
// Run: node corpus/real/check.ts [--markdown] [--staging]   (Node 24, type stripping; needs the `yaml` package)
// Prints counts per split × language × label and exits 1 on any error.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateCorpus, formatCounts } from './validate.ts';

const root = dirname(fileURLToPath(import.meta.url));
const report = validateCorpus(root, { staging: process.argv.includes('--staging') });
console.log(formatCounts(report, process.argv.includes('--markdown')));
if (report.errors.length) {
  console.error(`\n${report.errors.length} error(s):\n` + report.errors.map((e) => `  ${e}`).join('\n'));
  process.exit(1);
}
console.log('OK');
