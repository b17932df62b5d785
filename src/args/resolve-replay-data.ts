import { createTraceDataSource } from '../data/trace-source.js';
import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';
import type { DataSource } from '../spec/data-source.js';
import { isCustomDataSource } from './resolve-data.js';
import type { ParsedBenchmarkArgs } from './schema.js';

/**
 * The data of a `replay` run: a trace file (its path, or a file spec's path), or the user's own
 * DataSource, whose samples carry their send offsets (`timestampMs`).
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` (field `data`) for synthetic data.
 */
export function resolveReplayData(data: ParsedBenchmarkArgs['data']): DataSource {
  if (isCustomDataSource(data)) return data;
  if (typeof data === 'string') return createTraceDataSource({ path: data.trim() });
  if (data.type === 'file') return createTraceDataSource({ path: data.path });
  throw new InferbenchError(
    'ERR_INVALID_ARGS',
    `data: profile "replay" expected a trace file (JSONL or CSV with timestamp, input_length, output_length and optional hash_ids), received ${describeReceived(data)}`,
    { field: 'data' },
  );
}
