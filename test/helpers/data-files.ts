// Writes data files for the file data source tests and reads them back through the source.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createFileDataSource, type FileDataSource } from '../../src/data/file-source.js';
import type { FileDataSpec } from '../../src/data/file-spec.js';
import type { RequestSample } from '../../src/spec/data-source.js';

/** A scratch folder for data files, removed by `cleanup`. */
export interface DataDir {
  path(name: string): string;
  /** Writes `content` under `name`, gzip-compressed when `gzip` is set; returns the path. */
  write(name: string, content: string | Uint8Array, options?: { gzip?: boolean }): Promise<string>;
  cleanup(): Promise<void>;
}

export async function createDataDir(): Promise<DataDir> {
  const dir = await mkdtemp(join(tmpdir(), 'inferbench-data-'));
  return {
    path: (name) => join(dir, name),
    async write(name, content, options = {}) {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      const file = join(dir, name);
      await writeFile(file, options.gzip === true ? gzipSync(bytes) : bytes);
      return file;
    },
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Prepares a file source and reads every sample of one pass. */
export async function readAll(
  spec: Omit<FileDataSpec, 'type'>,
): Promise<{ samples: RequestSample[]; source: FileDataSource }> {
  const source = createFileDataSource({ type: 'file', ...spec });
  await source.prepare({ seed: '1' });
  const samples: RequestSample[] = [];
  for await (const sample of source.samples()) samples.push(sample);
  return { samples, source };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected a rejection, got a result');
  return outcome;
}
