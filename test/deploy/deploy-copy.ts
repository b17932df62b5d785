import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository this test runs in. */
export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** A copy of the repository's deploy files that a test may break, beside links to the rest. */
export interface DeployCopy {
  root: string;
  /** Rewrites the one place of a file where `find` is; throws when it is not there exactly once. */
  replace(file: string, find: string, replacement: string): void;
  remove(): void;
}

const COPIED = ['Dockerfile', '.dockerignore', 'package.json', 'examples/kubernetes', 'charts'];
const LINKED = [
  'dist',
  'src',
  'package-lock.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'tsup.config.ts',
];

/** Copies the deploy files into a temporary folder (the built CLI and sources are linked). */
export function copyDeployFiles(): DeployCopy {
  const root = mkdtempSync(join(tmpdir(), 'inferbench-deploy-'));
  for (const path of COPIED) {
    cpSync(join(REPO_ROOT, path), join(root, path), { recursive: true });
  }
  for (const path of LINKED) symlinkSync(join(REPO_ROOT, path), join(root, path));
  return {
    root,
    replace(file, find, replacement) {
      const path = join(root, file);
      const parts = readFileSync(path, 'utf8').split(find);
      if (parts.length !== 2) {
        throw new Error(
          `expected ${JSON.stringify(find)} once in ${file}, found ${parts.length - 1}`,
        );
      }
      writeFileSync(path, parts.join(replacement));
    },
    remove() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
