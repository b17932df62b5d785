// Runs every example in this folder with tsx and fails if any fails (CI runs this).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const examples = readdirSync(here)
  .filter((name) => name.endsWith('.ts'))
  .sort();
let failed = 0;
for (const name of examples) {
  console.log(`--- examples/${name}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, name)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    failed++;
    console.error(`examples/${name} failed with exit code ${result.status}`);
  }
}
console.log(`examples: ${examples.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
