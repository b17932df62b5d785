import type { RecordStore } from '../core/record-store.js';
import type { ServerTokenizer } from '../spec/tokenizer.js';

/**
 * Counts the outputs the server sent no usage for (`texts`: row → output text), with the
 * server's own tokenizer, in one batched pass after the benchmark (never while it runs). Those
 * rows get `outputTokensSource: 'tokenizer'`. Returns how many rows were counted.
 */
export async function countOutputTokensWithServer(
  records: RecordStore,
  texts: ReadonlyMap<number, string>,
  server: ServerTokenizer,
  signal?: AbortSignal,
): Promise<number> {
  const rows = [...texts.keys()];
  if (rows.length === 0) return 0;
  const nonEmpty = rows.filter((row) => texts.get(row)!.length > 0);
  const counted = await server.tokenize(
    nonEmpty.map((row) => texts.get(row)!),
    signal,
  );
  const byRow = new Map(nonEmpty.map((row, i) => [row, counted[i]!.ids.length]));
  for (const row of rows) records.setOutputTokens(row, byRow.get(row) ?? 0, 'tokenizer');
  return rows.length;
}
