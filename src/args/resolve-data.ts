import type { DataSource } from '../spec/data-source.js';
import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';
import { parseSyntheticShorthand } from '../data/synthetic-spec.js';
import { createSyntheticDataSource } from '../data/synthetic.js';
import type { ParsedBenchmarkArgs } from './schema.js';

/** Builds the run's data source from args: a shorthand, a spec object, or a DataSource. */
export function resolveDataSource(data: ParsedBenchmarkArgs['data']): DataSource {
  if (typeof data !== 'string') {
    return isCustomDataSource(data) ? data : createSyntheticDataSource(data);
  }
  const text = data.trim();
  if (text.startsWith('{') || text.includes('='))
    return createSyntheticDataSource(parseSyntheticShorthand(text, 'data'));
  throw new InferbenchError(
    'ERR_DATA',
    `data: expected a synthetic spec such as "prompt_tokens=256,output_tokens=128", a spec object or a DataSource, received ${describeReceived(data)} (file and Hugging Face datasets are not supported yet)`,
    { field: 'data' },
  );
}

/** True when the data is a user's DataSource, which may end by itself; synthetic data never does. */
export function isCustomDataSource(data: ParsedBenchmarkArgs['data']): data is DataSource {
  return typeof data === 'object' && 'prepare' in data && typeof data.prepare === 'function';
}
