import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { InferbenchError } from '../errors.js';
import { openRepoCache } from '../hub/cache.js';
import { HubError } from '../hub/errors.js';
import type { HubClient } from '../hub/hub-client.js';
import { DEFAULT_REVISION } from '../hub/repo.js';
import { DEFAULT_CONFIG, groupParquetFiles, type DatasetLayout } from './hub-layout.js';
import type { HubDataSpec } from './hub-spec.js';

/** The branch where the Hub keeps its Parquet conversion of every dataset. */
export const PARQUET_CONVERSION_REVISION = 'refs/convert/parquet';

/** A dataset split resolved to local Parquet files in the Hugging Face cache. */
export interface ResolvedHubDataset {
  dataset: string;
  config: string;
  split: string;
  /** The revision the files were read at: the one asked for, or `refs/convert/parquet`. */
  revision: string;
  /** The commit that revision pointed to. */
  commit: string;
  /** The files' paths in the cache, in order. */
  files: string[];
  /** `hub` when anything was listed or downloaded now, `cache` when the cache alone answered. */
  from: 'hub' | 'cache';
}

/** An `ERR_DATA` error about field `data`, keeping a Hub error as its cause. */
function dataError(message: string, cause?: unknown): InferbenchError {
  return new InferbenchError(
    'ERR_DATA',
    `data: ${message}`,
    cause === undefined ? { field: 'data' } : { field: 'data', cause },
  );
}

function quoteList(names: Iterable<string>): string {
  return [...names].map((name) => JSON.stringify(name)).join(', ');
}

/** Picks the configuration and split asked for (or the only ones), naming those that exist. */
function choose(
  layout: DatasetLayout,
  spec: HubDataSpec,
  where: string,
): { config: string; split: string; files: string[] } {
  const configs = [...layout.keys()].sort();
  const config =
    spec.config ??
    (layout.has(DEFAULT_CONFIG) ? DEFAULT_CONFIG : configs.length === 1 ? configs[0] : undefined);
  if (config === undefined) {
    throw dataError(
      `dataset ${spec.dataset} has several configs ${where}: ${quoteList(configs)}; choose one with --data-args '{"config": "…"}' (config in the data spec)`,
    );
  }
  const splits = layout.get(config);
  if (splits === undefined) {
    throw dataError(
      `dataset ${spec.dataset} has no config ${JSON.stringify(config)} ${where}; configs: ${quoteList(configs)}`,
    );
  }
  const names = [...splits.keys()].sort();
  const split = spec.split ?? (names.length === 1 ? names[0] : undefined);
  if (split === undefined) {
    throw dataError(
      `dataset ${spec.dataset} (config ${JSON.stringify(config)}) has several splits ${where}: ${quoteList(names)}; choose one with --data-args '{"split": "…"}' (split in the data spec)`,
    );
  }
  const files = splits.get(split);
  if (files === undefined) {
    throw dataError(
      `dataset ${spec.dataset} (config ${JSON.stringify(config)}) has no split ${JSON.stringify(split)} ${where}; splits: ${quoteList(names)}`,
    );
  }
  return { config, split, files };
}

/** Every file under `folder`, as `/`-separated paths relative to it. */
async function walk(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() || entry.isSymbolicLink())
      .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'));
  } catch {
    return [];
  }
}

/** The revisions tried in order: the one asked for, then the conversion when it is `main`. */
function revisionsFor(spec: HubDataSpec): string[] {
  const revision = spec.revision ?? DEFAULT_REVISION;
  return revision === DEFAULT_REVISION ? [revision, PARQUET_CONVERSION_REVISION] : [revision];
}

/**
 * Answers from the Hugging Face cache alone (`HF_HUB_OFFLINE`, or a Hub that cannot be reached):
 * the Parquet files of the snapshot each revision last pointed to.
 */
async function fromCache(
  spec: HubDataSpec,
  hub: HubClient,
  reason: string,
): Promise<ResolvedHubDataset> {
  const cache = openRepoCache(hub.settings.cacheDir, { id: spec.dataset, type: 'dataset' });
  for (const revision of revisionsFor(spec)) {
    const commit = await cache.commitFor(revision);
    if (commit === undefined) continue;
    const snapshot = join(cache.folder, 'snapshots', commit);
    const layout = groupParquetFiles(await walk(snapshot));
    if (layout.size === 0) continue;
    const chosen = choose(layout, spec, `in the Hugging Face cache at ${cache.folder}`);
    return {
      dataset: spec.dataset,
      config: chosen.config,
      split: chosen.split,
      revision,
      commit,
      files: chosen.files.map((path) => join(snapshot, ...path.split('/'))),
      from: 'cache',
    };
  }
  throw dataError(
    `${reason} and dataset ${spec.dataset}${spec.revision === undefined ? '' : `@${spec.revision}`} has no Parquet files in the Hugging Face cache at ${cache.folder}`,
  );
}

function hubFailure(spec: HubDataSpec, error: HubError): InferbenchError {
  return dataError(`dataset ${spec.dataset}: ${error.message}`, error);
}

/**
 * Resolves a Hub dataset's split to Parquet files in the Hugging Face cache: it lists the
 * repository at the revision asked for (the Hub's tree API) and takes its own Parquet data
 * files; a dataset without any (JSON, CSV, scripts) is read from the Hub's Parquet conversion,
 * branch `refs/convert/parquet`. Files are downloaded through the shared client and cache
 * (`datasets--org--name`), so a second run, or one with `HF_HUB_OFFLINE=1`, reads the cache
 * without a request; a Hub that cannot be reached falls back to the cache too.
 *
 * @throws InferbenchError `ERR_DATA` (field `data`) for a missing dataset, config or split (the
 *   ones that exist listed), a gated dataset without a token, or files that cannot be fetched.
 */
export async function resolveHubDataset(
  spec: HubDataSpec,
  hub: HubClient,
): Promise<ResolvedHubDataset> {
  if (hub.settings.offline) return fromCache(spec, hub, 'HF_HUB_OFFLINE is set');
  let layout: DatasetLayout | undefined;
  let revision = '';
  try {
    for (revision of revisionsFor(spec)) {
      let entries;
      try {
        entries = await hub.listFiles({ repo: spec.dataset, repoType: 'dataset', revision });
      } catch (error) {
        // A dataset with no conversion branch simply has no Parquet files to offer.
        if (
          revision === PARQUET_CONVERSION_REVISION &&
          error instanceof HubError &&
          error.reason === 'revision-not-found'
        ) {
          break;
        }
        throw error;
      }
      const found = groupParquetFiles(
        entries.filter((entry) => entry.type === 'file').map((entry) => entry.path),
      );
      if (found.size > 0) {
        layout = found;
        break;
      }
    }
  } catch (error) {
    if (error instanceof HubError && error.reason === 'network') {
      return fromCache(spec, hub, error.message.replace(/; set HF_HUB_OFFLINE.*$/, ''));
    }
    throw error instanceof HubError ? hubFailure(spec, error) : error;
  }
  if (layout === undefined) {
    throw dataError(
      `dataset ${spec.dataset} has no Parquet data files${spec.revision === undefined ? ' and no Parquet conversion (refs/convert/parquet)' : ` at revision ${JSON.stringify(spec.revision)}`}; inferbench reads Hub datasets through Parquet`,
    );
  }
  const chosen = choose(layout, spec, `at revision ${JSON.stringify(revision)}`);
  const files: string[] = [];
  let commit = '';
  let downloaded = false;
  try {
    for (const path of chosen.files) {
      const file = await hub.fetchFile({ repo: spec.dataset, repoType: 'dataset', revision, path });
      files.push(file.path);
      commit = file.commit;
      downloaded ||= file.from === 'hub';
    }
  } catch (error) {
    throw error instanceof HubError ? hubFailure(spec, error) : error;
  }
  return {
    dataset: spec.dataset,
    config: chosen.config,
    split: chosen.split,
    revision,
    commit,
    files,
    from: downloaded ? 'hub' : 'cache',
  };
}
