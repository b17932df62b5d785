import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { makeDirectory } from '../internal/output-directory.js';

/**
 * Writes a file atomically: to a temporary file beside it, then a rename, so a reader (or a
 * run killed mid-write) never sees half a report. Missing folders are created.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` when the folder cannot be created.
 */
export async function writeFileAtomic(path: string, contents: string): Promise<void> {
  // One level at a time: a recursive mkdir spins forever on paths such as /proc/nope.
  makeDirectory(dirname(path));
  const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, contents, 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
