import type { DataSource } from '../spec/data-source.js';
import type { ParsedBenchmarkArgs } from './schema.js';

/**
 * The run's data source in one line, for its start line and report: the source's name and
 * what the args said (`synthetic prompt_tokens=256,output_tokens=128`), or the name of a
 * DataSource object the caller passed.
 */
export function describeData(data: ParsedBenchmarkArgs['data'], source: DataSource): string {
  if (typeof data === 'string') return `${source.name} ${data.trim()}`;
  if (typeof (data as Partial<DataSource>).prepare === 'function') {
    return `${source.name} (a DataSource object)`;
  }
  return `${source.name} ${JSON.stringify(data)}`;
}
