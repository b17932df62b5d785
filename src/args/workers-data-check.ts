import { InferbenchError } from '../errors.js';
import type { DataSource } from '../spec/data-source.js';

/**
 * Conversations are sent from the main thread only: a turn's history is the previous answer,
 * which a worker thread would have to hand back before the next turn could leave. Synthetic
 * data with `turns` of 2 or more and `workers` above 1 is refused before any connection. A
 * file's or dataset's conversations (chat rows with several user messages) are known only once
 * read: the scheduler fails the run at the first one, before sending it.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` naming `workers`.
 */
export function checkWorkersTakeData(workers: number, data: DataSource): void {
  if (workers <= 1) return;
  const turns = (data as { spec?: { turns?: unknown } }).spec?.turns;
  if (typeof turns === 'number' && turns > 1) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `workers: conversations (data with turns=${turns}) are sent from the main thread only, expected workers: 1, received workers: ${workers}`,
      { field: 'workers' },
    );
  }
}
