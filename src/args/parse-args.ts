import { InferbenchError } from '../errors.js';
import { parseOrThrow } from '../internal/zod-issues.js';
import { BenchmarkArgsSchema, type ParsedBenchmarkArgs } from './schema.js';

/**
 * Validates `runBenchmark`'s args and fills defaults. Rejects with `ERR_INVALID_ARGS` whose
 * message names every bad field, what was expected and what was received.
 */
export function parseArgs(input: unknown): ParsedBenchmarkArgs {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `args: expected an object, received ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`,
    );
  }
  return parseOrThrow(BenchmarkArgsSchema, input);
}
