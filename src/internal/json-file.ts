/**
 * Reading a JSON (or YAML) file whose problems become an {@link InferbenchError} that names the
 * file and the field it came from.
 * @internal
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { InferbenchError } from '../errors.js';

/** Why a file could not be read as JSON: the OS said no, or the text did not parse. */
export interface JsonFileProblem {
  kind: 'unreadable' | 'invalid';
  /** The OS's or the parser's message. */
  message: string;
  /** The OS error code, e.g. `ENOENT` (unreadable files only). */
  code?: string | undefined;
  cause: unknown;
}

/**
 * Reads `path` as UTF-8 and parses it (`JSON.parse` unless `parse` is given, e.g. a YAML
 * parser). A problem is turned into the error that `toError` builds, so every caller keeps its
 * own code, field and wording.
 */
export async function readJsonFile(
  path: string,
  toError: (problem: JsonFileProblem) => InferbenchError,
  parse: (text: string) => unknown = JSON.parse,
): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw toError({
      kind: 'unreadable',
      message: error instanceof Error ? error.message : String(error),
      code: (error as NodeJS.ErrnoException).code,
      cause: error,
    });
  }
  try {
    return parse(text);
  } catch (error) {
    throw toError({
      kind: 'invalid',
      message: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
}
