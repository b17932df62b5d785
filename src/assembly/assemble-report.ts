import { redactArgs } from '../args/redact.js';
import type { ParsedBenchmarkArgs } from '../args/schema.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import { buildReport } from '../report/build-report.js';
import type { BenchmarkReport, Capacity } from '../report/report-schema.js';
import { validateReport } from '../report/validate-report.js';
import type { BackendInfo } from '../spec/backend.js';
import type { TokenizerInfo } from '../tokenizers/tokenizer-info.js';

/** How a run ended, as far as it got: what {@link assembleReport} needs. */
export interface RunOutcome {
  /** `aborted` when the user's signal stopped the run, during setup or a benchmark. */
  aborted: boolean;
  /** Epoch ms when the run started (its time origin once the first benchmark began). */
  startedAtEpochMs: number;
  /** Epoch ms when the run ended. */
  endedAtEpochMs: number;
  /** What the target said it serves; absent when the run ended before it answered. */
  discovered?: BackendInfo | undefined;
  /** The benchmarks that finished, in order. */
  benchmarks: Benchmark[];
  /** The capacity search result, for the capacity profile. */
  capacity?: Capacity | undefined;
  /** The run's tokenizer; absent when the run ended before it was resolved. */
  tokenizer?: TokenizerInfo | undefined;
}

/**
 * The run's report, for a completed run and an aborted one alike: its status and stop reason,
 * the args echoed without secrets (with the model and URL the target resolved to), the
 * benchmarks, validated before anyone sees it.
 *
 * @throws {InferbenchError} `ERR_INVALID_REPORT` when the report breaks its own schema (a bug).
 */
export function assembleReport(args: ParsedBenchmarkArgs, outcome: RunOutcome): BenchmarkReport {
  const { discovered } = outcome;
  return validateReport(
    buildReport({
      status: outcome.aborted ? 'aborted' : 'completed',
      stopReason: outcome.aborted
        ? 'aborted'
        : (outcome.benchmarks.at(-1)?.stopReason ?? 'completed'),
      startedAtEpochMs: outcome.startedAtEpochMs,
      endedAtEpochMs: outcome.endedAtEpochMs,
      args: {
        ...redactArgs(args),
        ...(discovered === undefined
          ? {}
          : { model: discovered.model, resolvedTarget: discovered.url }),
      },
      benchmarks: outcome.benchmarks,
      capacity: outcome.capacity,
      tokenizer: outcome.tokenizer,
    }),
  );
}
