// Installs the packed tarball into an empty temporary project and uses it as users do: `import`
// and `require` of every subpath, the `inferbench` bin against `--target mock` (offline), tsx, ts-node
// in CommonJS mode, and `tsc --noEmit` under node10, node16 and bundler resolution.
// Usage: node scripts/smoke-test.mjs [tarball]   (packs the built package when none is given)
// Installs prefer npm's cache; the tool versions are the repository's own where it has them.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { packTarball, root, run, runAsync } from './lib/pack.mjs';

const TS_NODE_VERSION = '10.9.2';
const versionOf = (name) =>
  JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;

const work = mkdtempSync(join(tmpdir(), 'inferbench-smoke-'));
const started = Date.now();
try {
  const tarball = process.argv[2] ? resolve(process.argv[2]) : packTarball(work);
  const app = join(work, 'app');
  cpSync(join(root, 'scripts', 'smoke'), app, { recursive: true });
  cpSync(join(root, 'examples', 'notebook.ts'), join(app, 'notebook.ts'));
  // An empty CommonJS project (no "type"), as `npm init -y` makes it.
  writeFileSync(
    join(app, 'package.json'),
    `${JSON.stringify({ name: 'smoke-app', version: '1.0.0', private: true }, null, 2)}\n`,
  );
  let last = Date.now();
  run(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      tarball,
      `typescript@${versionOf('typescript')}`,
      `tsx@${versionOf('tsx')}`,
      `@types/node@${versionOf('@types/node')}`,
      `ts-node@${TS_NODE_VERSION}`,
    ],
    { cwd: app },
  );
  const node = (args) => run(process.execPath, args, { cwd: app });
  const bin = (name, args) => run(join(app, 'node_modules', '.bin', name), args, { cwd: app });
  const step = (name, output = '') => {
    const seconds = ((Date.now() - last) / 1000).toFixed(1);
    last = Date.now();
    console.log(`ok ${name} (${seconds} s) ${output.trim().split('\n').at(-1) ?? ''}`);
  };
  step('npm install');

  step('import', node(['import.mjs']));
  step('require', node(['require.cjs']));
  bin('inferbench', [
    'benchmark',
    '--target',
    'mock',
    '--data',
    'prompt_tokens=16,output_tokens=8',
    '--profile',
    'synchronous',
    '--max-requests',
    '5',
    '--no-progress',
    '--output-dir',
    'out',
  ]);
  step(
    'bin --target mock',
    node([
      '-e',
      "const r = require('inferbench').validateReport(JSON.parse(require('fs').readFileSync('out/benchmarks.json','utf8'))); if (r.benchmarks[0].requestCounts.successful !== 5) process.exit(1); console.log(r.status)",
    ]),
  );
  step('tsx', bin('tsx', ['notebook.ts']));
  // The type-checking steps are independent: run them side by side.
  const checks = [
    ['ts-node (CommonJS)', 'ts-node', ['-P', 'tsconfig.ts-node.json', 'notebook.ts']],
    ...['node10', 'node16', 'bundler'].map((resolution) => [
      `tsc --noEmit (${resolution})`,
      'tsc',
      ['-p', `tsconfig.${resolution}.json`],
    ]),
  ];
  const results = await Promise.allSettled(
    checks.map(([, name, args]) =>
      runAsync(join(app, 'node_modules', '.bin', name), args, { cwd: app }),
    ),
  );
  results.forEach((result, i) => {
    if (result.status === 'rejected') throw result.reason;
    console.log(`ok ${checks[i][0]} ${result.value.trim().split('\n').at(-1) ?? ''}`);
  });
  step('type checks');
  console.log(`smoke test passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
