/**
 * Folders that reports are written into: created one level at a time (Node 20's recursive
 * `mkdir` spins forever on a path such as `/proc/nope`), probed by writing a file before a run
 * starts, and files written atomically without an await, so that no signal can land between
 * writing a temporary file and renaming it.
 * @internal
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InferbenchError } from '../errors.js';

function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
}

/** Why a folder cannot be used, in words, from the errno of the failed operation. */
function why(error: unknown): string {
  const code = codeOf(error);
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    ENOTDIR: 'a file is in the way',
    EEXIST: 'a file is in the way',
    ENOENT: 'folders cannot be created there',
  };
  return words[code] === undefined ? code : `${code}: ${words[code]}`;
}

function fail(label: string, path: string, detail: string, cause?: unknown): never {
  throw new InferbenchError(
    'ERR_INVALID_ARGS',
    `${label}: expected a folder that reports can be written to, received ${JSON.stringify(path)} (${detail})`,
    { field: label, ...(cause === undefined ? {} : { cause }) },
  );
}

/**
 * Creates `path` and any missing parents, one level at a time, and never loops: a level that
 * cannot be created fails at once.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` naming `label` (e.g. `--output-dir`) when a file
 *   is in the way or a folder cannot be created.
 */
export function makeDirectory(path: string, label = 'outputDir'): void {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (error) {
      if (codeOf(error) !== 'ENOENT' && codeOf(error) !== 'ENOTDIR') {
        fail(label, path, `${why(error)} at ${current}`, error);
      }
      missing.push(current);
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
      continue;
    }
    if (!isDirectory) fail(label, path, `a file is in the way at ${current}`);
    break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      // Created meanwhile by someone else: fine if it is a folder.
      if (codeOf(error) === 'EEXIST' && statSync(folder).isDirectory()) continue;
      fail(label, path, `${why(error)} at ${folder}`, error);
    }
  }
}

/**
 * Makes sure reports can be written into `path` before a run starts: creates it (see
 * {@link makeDirectory}), then writes and removes a small file in it, so that a read-only
 * mount or a missing permission fails before a single request is sent instead of after the run.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` naming `label`.
 */
export function checkWritableDirectory(path: string, label = 'outputDir'): void {
  makeDirectory(path, label);
  const probe = join(path, `.inferbench-write-test-${randomBytes(6).toString('hex')}`);
  try {
    writeFileSync(probe, 'inferbench checks that reports can be written here\n');
  } catch (error) {
    fail(label, path, why(error), error);
  } finally {
    rmSync(probe, { force: true });
  }
}

/**
 * Writes a file atomically and synchronously: a temporary file beside it, then a rename. No
 * event (a signal) can run in between, so an exit never leaves half a report or a stray
 * temporary file behind.
 */
export function writeFileAtomicSync(path: string, contents: string): void {
  makeDirectory(dirname(path));
  const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, contents, 'utf8');
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
