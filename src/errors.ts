import type { InferbenchErrorCode } from './spec/errors.js';

/**
 * The error every setup problem rejects with. `code` is stable across versions; the message
 * names the field, what was expected and what was received.
 *
 * @example
 * ```ts
 * try { await runBenchmark({ target: 'http://localhost:8000', rate: -3 }); }
 * catch (error) { if (error instanceof InferbenchError) console.error(error.code); }
 * ```
 */
export class InferbenchError extends Error {
  override readonly name = 'InferbenchError';
  /** Stable machine-readable code, e.g. `ERR_INVALID_ARGS`. */
  readonly code: InferbenchErrorCode;
  /** The argument path the error is about, when there is one (e.g. `rate`). */
  readonly field: string | undefined;

  constructor(
    code: InferbenchErrorCode,
    message: string,
    options: { field?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.field = options.field;
  }
}
