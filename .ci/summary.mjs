// Prints Vitest's JSON results as one plain closing line: "tests: N passed, N failed".
import { readFileSync } from 'node:fs';

const results = JSON.parse(readFileSync(process.argv[2], 'utf8'));
console.log(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed`);
