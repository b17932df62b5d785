// Checks the files `npm pack` would publish against scripts/package-files.txt, so a stray file,
// a missing entry point or a source map cannot slip into a release unseen. Shared chunks, whose
// names carry a build hash and follow the source layout, are listed as dist/[chunk].<ext>.
// `--update` rewrites the list. Run after `npm run build`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packedFiles, root } from './lib/pack.mjs';

const LIST = join(root, 'scripts', 'package-files.txt');
// A chunk: `<name>-<hash>.<ext>`, the hash 8 characters of [A-Za-z0-9_-] with a capital or digit.
const CHUNK = /^dist\/[\w.-]+-(?=[\w-]{0,7}[A-Z0-9])[\w-]{8}(\.(?:d\.c?ts|c?js))$/;

const actual = [
  ...new Set(packedFiles().map((path) => path.replace(CHUNK, 'dist/[chunk]$1'))),
].sort();
if (process.argv.includes('--update')) {
  writeFileSync(LIST, `${actual.join('\n')}\n`);
  console.log(`wrote ${actual.length} entries to scripts/package-files.txt`);
  process.exit(0);
}
const expected = readFileSync(LIST, 'utf8').split('\n').filter(Boolean);
const unexpected = actual.filter((path) => !expected.includes(path));
const missing = expected.filter((path) => !actual.includes(path));
if (unexpected.length > 0 || missing.length > 0) {
  for (const path of unexpected) console.error(`unexpected in the tarball: ${path}`);
  for (const path of missing) console.error(`missing from the tarball: ${path}`);
  console.error(
    'If the change is intended, run `node scripts/check-package-files.mjs --update` and commit the list.',
  );
  process.exit(1);
}
console.log(`package files: ${actual.length} entries as expected`);
