import type { DataSource } from '../spec/data-source.js';
import { parseDataString } from '../data/data-string.js';
import { createFileDataSource } from '../data/file-source.js';
import { createSyntheticDataSource } from '../data/synthetic.js';
import type { ParsedBenchmarkArgs } from './schema.js';

/**
 * Builds the run's data source from args: synthetic shorthand, a scenario (`D(100,100)`), a data
 * file path, a spec object (synthetic or file), or a DataSource.
 */
export function resolveDataSource(data: ParsedBenchmarkArgs['data']): DataSource {
  if (typeof data !== 'string') {
    if (isCustomDataSource(data)) return data;
    return data.type === 'file' ? createFileDataSource(data) : createSyntheticDataSource(data);
  }
  const spec = parseDataString(data, 'data');
  return spec.type === 'file' ? createFileDataSource(spec) : createSyntheticDataSource(spec);
}

/** True when the data is a user's DataSource, which may end by itself; synthetic data never does. */
export function isCustomDataSource(data: ParsedBenchmarkArgs['data']): data is DataSource {
  return typeof data === 'object' && 'prepare' in data && typeof data.prepare === 'function';
}
