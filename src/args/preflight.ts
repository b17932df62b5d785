import { InferbenchError } from '../errors.js';
import { describeRequestError } from '../internal/messages.js';
import type { Backend, BackendInfo, BackendStreamPart } from '../spec/backend.js';

/** How long the probe request may take: a loaded server answers four tokens well within it. */
export const PROBE_TIMEOUT_MS = 60_000;

/** What {@link preflightTarget} needs: the prepared backend and what it learnt. */
export interface PreflightInput {
  backend: Backend;
  info: BackendInfo;
  /** The model the user asked for, if any (otherwise the backend picked the first listed). */
  model: string | undefined;
  /** Send the untimed probe request. */
  probe: boolean;
  signal: AbortSignal | undefined;
  /** Reports something the user should know that does not stop the run. */
  warn(code: string, message: string): void;
  /** The probe's time limit in ms. */
  probeTimeoutMs?: number;
}

/** The outcome of one probe request: `undefined` when it succeeded, else why it failed. */
async function sendProbe(
  backend: Backend,
  signal: AbortSignal | undefined,
  timeoutMs: number,
): Promise<string | undefined> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  let error: Extract<BackendStreamPart, { type: 'error' }> | undefined;
  let generated = false;
  try {
    await backend.send(
      { prompt: 'Hello', outputTokens: 4 },
      {
        signal: controller.signal,
        onPart(part) {
          if (part.type === 'error') error = part;
          else if (part.type === 'text' || part.type === 'reasoning' || part.type === 'tool-call') {
            generated = true;
          } else if (part.type === 'usage' && (part.outputTokens ?? 0) > 0) generated = true;
        },
      },
    );
  } catch (thrown) {
    error = {
      type: 'error',
      code: 'CLIENT_ERROR',
      message: thrown instanceof Error ? thrown.message : String(thrown),
    };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  // The user's abort is the run's abort, not the target's failure.
  if (signal?.aborted === true) throw signal.reason ?? new Error('aborted');
  if (timedOut) return `no answer within ${timeoutMs / 1000} s`;
  if (error !== undefined) return describeRequestError(error);
  if (!generated) return 'EMPTY_RESPONSE: the response carried no generated content';
  return undefined;
}

/**
 * True when the user named a model the target's listing does not hold: {@link preflightTarget}
 * then tries it with one request, which should come before anything else is asked of the target.
 */
export function isUnlistedModel(info: BackendInfo, model: string | undefined): boolean {
  return (
    model !== undefined && info.servedModels !== undefined && !info.servedModels.includes(model)
  );
}

/**
 * Checks the target before the first timed request, so that a run that cannot measure fails at
 * once with a clear message instead of running its whole duration on errors:
 * - the model against the target's listing (`GET /v1/models`): a model the target does not
 *   list is tried with one request (even with `probe` off) and fails with `ERR_MODEL_NOT_FOUND`
 *   naming the ids it serves, unless the target answers it anyway (some servers answer to any
 *   name: then a warning); without a listing, a warning and the run goes on;
 * - one untimed probe request (four output tokens), unless `probe` is off: a target that rejects
 *   it fails with `ERR_TARGET_REJECTED` and the server's own status and message.
 *
 * @throws {InferbenchError} `ERR_MODEL_NOT_FOUND` or `ERR_TARGET_REJECTED`; the user's abort
 *   reason when the signal aborts during the probe.
 */
export async function preflightTarget(input: PreflightInput): Promise<void> {
  const { backend, info, model, signal } = input;
  const timeoutMs = input.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
  const served = info.servedModels;
  const unlisted = isUnlistedModel(info, model);
  if (model !== undefined && served === undefined) {
    input.warn(
      'MODEL_NOT_LISTED',
      `${info.url} gives no model list (GET /v1/models); the model "${model}" could not be checked`,
    );
  }
  if (!input.probe && !unlisted) return;
  // An unlisted model is tried once: a server that answers to any name still works.
  const failure = await sendProbe(backend, signal, timeoutMs);
  if (unlisted && served !== undefined) {
    const serves = served.length === 0 ? 'it lists no models' : `it serves: ${served.join(', ')}`;
    if (failure !== undefined) {
      const probe = failure === undefined ? '' : ` (a request for it failed: ${failure})`;
      throw new InferbenchError(
        'ERR_MODEL_NOT_FOUND',
        `model: "${model}" is not served by ${info.url}; ${serves}${probe}`,
        { field: 'model' },
      );
    }
    input.warn(
      'MODEL_NOT_LISTED',
      `model "${model}" is not among the models ${info.url} lists (${serves}), but it answered a request for it`,
    );
    return;
  }
  if (failure !== undefined) {
    throw new InferbenchError(
      'ERR_TARGET_REJECTED',
      `target: ${info.url} failed the probe request for model "${info.model}": ${failure}; nothing was measured (probe: false, --no-probe, skips this check)`,
      { field: 'target' },
    );
  }
}
