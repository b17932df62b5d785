import type { OpenAIHttpBackendOptions } from '../../backends/openai-http-options.js';
import { InferbenchError } from '../../errors.js';
import { RequestWorkers } from './request-workers.js';

/**
 * The run's request workers for `workers` > 1 (absent for 1: requests go out from this thread,
 * as they always have), each with a backend built from the run's built-in backend options and
 * the model the run resolved, so that no worker asks the server for it again.
 *
 * @throws {InferbenchError} `ERR_INVALID_ARGS` (field `workers`) without built-in backend
 * options (a user's `backend`); `ERR_INTERNAL` when a worker cannot start.
 */
export async function startRunWorkers(
  count: number,
  httpOptions: OpenAIHttpBackendOptions | undefined,
  model: string,
): Promise<RequestWorkers | undefined> {
  if (count <= 1) return undefined;
  if (httpOptions === undefined) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `workers: only the built-in OpenAI HTTP backend can send from worker threads, and a backend object cannot cross threads: expected workers: 1 with backend, received workers: ${count}`,
      { field: 'workers' },
    );
  }
  return RequestWorkers.start(count, { ...httpOptions, model });
}
