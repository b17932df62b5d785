// Runs examples/jest-integration against the package as users install it: copies the example
// to a temporary folder, installs the packed tarball and the example's pinned tools (from npm's
// cache when they are there), and runs its Jest suite.
// Usage: node scripts/run-jest-example.mjs [tarball]   (packs the built package when none is given)
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packTarball, root, run } from './lib/pack.mjs';

const work = mkdtempSync(join(tmpdir(), 'inferbench-jest-'));
const started = Date.now();
try {
  const tarball = process.argv[2] ? resolve(process.argv[2]) : packTarball(work);
  const project = join(work, 'jest-integration');
  cpSync(join(root, 'examples', 'jest-integration'), project, {
    recursive: true,
    filter: (source) => !source.includes('node_modules'),
  });
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project });
  console.log('$ npm test -- --ci');
  // Jest reports on stderr; let it through as it runs.
  execFileSync('npm', ['test', '--', '--ci'], { cwd: project, stdio: 'inherit' });
  console.log(`jest example passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
