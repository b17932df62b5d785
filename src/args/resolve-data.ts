import type { DataSource } from '../spec/data-source.js';
import { InferbenchError } from '../errors.js';
import { parseColumnMapper } from '../data/column-mapper.js';
import { parseDataString } from '../data/data-string.js';
import { createFileDataSource } from '../data/file-source.js';
import type { FileDataSpec } from '../data/file-spec.js';
import { createHubDataSource } from '../data/hub-source.js';
import type { HubDataSpec } from '../data/hub-spec.js';
import { createSyntheticDataSource } from '../data/synthetic.js';
import type { SyntheticDataSpec } from '../data/synthetic-spec.js';
import type { ParsedBenchmarkArgs } from './schema.js';

function noColumns(received: string): InferbenchError {
  return new InferbenchError(
    'ERR_INVALID_ARGS',
    `dataColumnMapper: expected file or Hugging Face data to map columns of, received ${received}`,
    { field: 'dataColumnMapper' },
  );
}

/** `dataColumnMapper` laid over the spec's own mapper; refused for data without columns. */
function withMapper(
  spec: SyntheticDataSpec | FileDataSpec | HubDataSpec,
  mapper: ParsedBenchmarkArgs['dataColumnMapper'],
): SyntheticDataSpec | FileDataSpec | HubDataSpec {
  if (mapper === undefined) return spec;
  if (spec.type === 'synthetic') throw noColumns('synthetic data');
  const parsed = parseColumnMapper(mapper, 'dataColumnMapper');
  return { ...spec, columnMapper: { ...spec.columnMapper, ...parsed } };
}

function create(spec: SyntheticDataSpec | FileDataSpec | HubDataSpec): DataSource {
  if (spec.type === 'file') return createFileDataSource(spec);
  if (spec.type === 'hub') return createHubDataSource(spec);
  return createSyntheticDataSource(spec);
}

/**
 * Builds the run's data source from args: synthetic shorthand, a scenario (`D(100,100)`), a data
 * file path, a Hugging Face dataset id, a spec object (synthetic, file or Hub), or a DataSource;
 * `dataColumnMapper` applies to file and Hub data.
 */
export function resolveDataSource(
  data: ParsedBenchmarkArgs['data'],
  columnMapper?: ParsedBenchmarkArgs['dataColumnMapper'],
): DataSource {
  if (typeof data !== 'string') {
    if (isCustomDataSource(data)) {
      if (columnMapper !== undefined) throw noColumns('a DataSource object');
      return data;
    }
    return create(withMapper(data, columnMapper));
  }
  return create(withMapper(parseDataString(data, 'data'), columnMapper));
}

/** True when the data is a user's DataSource, which may end by itself; synthetic data never does. */
export function isCustomDataSource(data: ParsedBenchmarkArgs['data']): data is DataSource {
  return typeof data === 'object' && 'prepare' in data && typeof data.prepare === 'function';
}
