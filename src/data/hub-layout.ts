/** Parquet files of a dataset, grouped by configuration, then by split, each list sorted. */
export type DatasetLayout = Map<string, Map<string, string[]>>;

/** The configuration the `datasets` library gives files that name none. */
export const DEFAULT_CONFIG = 'default';

/** `train-00000-of-00003.parquet` → `train`; `test.parquet` → `test`; `0000.parquet` → undefined. */
function splitFromFileName(file: string): string | undefined {
  const stem = file.replace(/\.parquet$/, '');
  const split = stem.replace(/-\d{5}-of-\d{5}.*$/, '').replace(/-\d+$/, '');
  return /^\d*$/.test(split) ? undefined : split;
}

/**
 * Where a Parquet file sits in a dataset, by the layouts the Hub uses:
 * - the Parquet conversion (`refs/convert/parquet`): `{config}/{split}/0000.parquet`, a split
 *   cut short by the converter in `{config}/partial-{split}/`;
 * - `push_to_hub` and the `datasets` library's default patterns: `{config}/{split}-00000-of-00001.parquet`,
 *   `data/{split}-….parquet` (configuration `default`), `{split}.parquet`, `{split}/….parquet`.
 * Returns `undefined` for a path that is no Parquet data file.
 */
export function placeParquetFile(path: string): { config: string; split: string } | undefined {
  if (!path.endsWith('.parquet')) return undefined;
  const parts = path.split('/');
  const file = parts.pop()!;
  const folderConfig = (name: string): string => (name === 'data' ? DEFAULT_CONFIG : name);
  if (parts.length >= 2) {
    return { config: folderConfig(parts[0]!), split: parts.at(-1)!.replace(/^partial-/, '') };
  }
  const split = splitFromFileName(file);
  if (parts.length === 1) {
    if (split !== undefined) return { config: folderConfig(parts[0]!), split };
    // `{split}/0000.parquet` at the top of the repository.
    return { config: DEFAULT_CONFIG, split: parts[0]!.replace(/^partial-/, '') };
  }
  return split === undefined ? undefined : { config: DEFAULT_CONFIG, split };
}

/** Groups Parquet file paths by configuration and split. */
export function groupParquetFiles(paths: Iterable<string>): DatasetLayout {
  const layout: DatasetLayout = new Map();
  for (const path of paths) {
    const place = placeParquetFile(path);
    if (place === undefined) continue;
    let splits = layout.get(place.config);
    if (splits === undefined) layout.set(place.config, (splits = new Map()));
    const files = splits.get(place.split) ?? [];
    files.push(path);
    splits.set(place.split, files);
  }
  for (const splits of layout.values()) for (const files of splits.values()) files.sort();
  return layout;
}
