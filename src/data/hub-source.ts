import { InferbenchError } from '../errors.js';
import { createHubClient, type HubClientOptions } from '../hub/hub-client.js';
import type { DataSourceContext, RequestSample } from '../spec/data-source.js';
import type { ColumnMapping } from './column-mapping.js';
import type { DataProvenance, DataSourceWithProvenance } from './data-provenance.js';
import { createFileDataSource, type FileDataSource } from './file-source.js';
import { parseHubDataSpec, type HubDataSpec } from './hub-spec.js';
import { resolveHubDataset, type ResolvedHubDataset } from './hub-dataset.js';

/** Skip reasons kept, over every file of the split. */
const KEPT_REASONS = 5;

/** A data source reading one split of a Hugging Face Hub dataset. */
export interface HubDataSource extends DataSourceWithProvenance {
  /** The validated spec. */
  readonly spec: HubDataSpec;
  /** The files the split resolved to, once `prepare` has run. */
  readonly resolved: ResolvedHubDataset | undefined;
  /** The columns used, once `prepare` has resolved them. */
  readonly mapping: ColumnMapping | undefined;
  /** A fresh pass over the split, file after file. */
  samples(): AsyncIterableIterator<RequestSample>;
}

/** Options of {@link createHubDataSource}. */
export interface HubDataSourceOptions {
  /** Options of the Hub client (environment, settings); by default `HF_*` from `process.env`. */
  hub?: HubClientOptions | undefined;
}

/**
 * Creates a data source over one split of a Hugging Face Hub dataset, read through its Parquet
 * files (its own, or the Hub's Parquet conversion) with the same client, token, endpoint and
 * cache as Hub tokenizers. `prepare` resolves the split and downloads its files (or finds them in
 * the cache, the only place it looks with `HF_HUB_OFFLINE=1`), then resolves the column mapping
 * against the first file; a wrong column fails there, naming the columns found. Rows are sent in
 * the files' order, so the same dataset revision always gives the same requests.
 *
 * @example
 * ```ts
 * const source = createHubDataSource({ type: 'hub', dataset: 'openai/gsm8k', config: 'main', split: 'test' });
 * await source.prepare({ seed: '42' });
 * ```
 * @throws InferbenchError `ERR_INVALID_ARGS` when the spec is invalid.
 */
export function createHubDataSource(
  spec: HubDataSpec,
  options: HubDataSourceOptions = {},
): HubDataSource {
  const checked = parseHubDataSpec(spec);
  let resolved: ResolvedHubDataset | undefined;
  let parts: FileDataSource[] = [];
  let open: AsyncGenerator<RequestSample> | undefined;

  const describe = (): string =>
    resolved === undefined
      ? `dataset ${checked.dataset}`
      : `dataset ${resolved.dataset} (config ${JSON.stringify(resolved.config)}, split ${JSON.stringify(resolved.split)})`;

  /** Error messages name the dataset, not a file deep in the cache. */
  function renamed(error: unknown): unknown {
    if (!(error instanceof InferbenchError) || resolved === undefined) return error;
    let message = error.message;
    for (const file of resolved.files)
      message = message.split(JSON.stringify(file)).join(describe());
    if (message === error.message) return error;
    return new InferbenchError(error.code, message, {
      ...(error.field === undefined ? {} : { field: error.field }),
      cause: error,
    });
  }

  async function* pass(): AsyncGenerator<RequestSample> {
    for (const part of parts) yield* part.samples();
  }

  function stats(): { skippedRows: number; skipReasons: string[] } {
    let skippedRows = 0;
    const skipReasons: string[] = [];
    for (const part of parts) {
      const partStats = part.stats();
      skippedRows += partStats.skippedRows;
      for (const reason of partStats.skipReasons) {
        if (skipReasons.length < KEPT_REASONS) {
          skipReasons.push(
            parts.length > 1 ? `${part.spec.path.split('/').pop()}: ${reason}` : reason,
          );
        }
      }
    }
    return { skippedRows, skipReasons };
  }

  return {
    name: 'hub',
    spec: checked,
    get resolved() {
      return resolved;
    },
    get mapping() {
      return parts[0]?.mapping;
    },
    async prepare(context: DataSourceContext) {
      context.signal?.throwIfAborted();
      const hub = createHubClient({
        ...options.hub,
        ...(context.signal === undefined ? {} : { signal: context.signal }),
      });
      try {
        resolved = await resolveHubDataset(checked, hub);
      } finally {
        await hub.close();
      }
      parts = resolved.files.map((path) =>
        createFileDataSource({
          type: 'file',
          path,
          format: 'parquet',
          ...(checked.columnMapper === undefined ? {} : { columnMapper: checked.columnMapper }),
        }),
      );
      try {
        for (const part of parts) await part.prepare(context);
      } catch (error) {
        throw renamed(error);
      }
    },
    samples() {
      if (resolved === undefined) {
        throw new InferbenchError(
          'ERR_INTERNAL',
          'hub data: samples() was called before prepare()',
        );
      }
      open?.return(undefined).catch(() => undefined);
      open = pass();
      return open;
    },
    provenance(): DataProvenance {
      const mapping = parts[0]?.mapping;
      return {
        kind: 'hub',
        name: 'hub',
        dataset: checked.dataset,
        ...(resolved === undefined
          ? {}
          : {
              config: resolved.config,
              split: resolved.split,
              revision: resolved.revision,
              commit: resolved.commit,
              from: resolved.from,
            }),
        ...(mapping === undefined ? {} : { mapping: { ...mapping } as Record<string, string> }),
        ...stats(),
      };
    },
  };
}
