import { redactArgs } from '../args/redact.js';
import type { ParsedBenchmarkArgs } from '../args/schema.js';
import type { Benchmark } from '../report/benchmark-schema.js';
import { buildReport } from '../report/build-report.js';
import type { BenchmarkReport, Capacity, RunWarning } from '../report/report-schema.js';
import { validateReport } from '../report/validate-report.js';
import { withServerStateAtBracket } from './capacity-server-state.js';
import type { BackendInfo } from '../spec/backend.js';
import type { TokenizerInfo } from '../tokenizers/tokenizer-info.js';
import type { DataReport } from '../report/data-schema.js';

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
  /** Every warning the run published, in order. */
  warnings: RunWarning[];
  /** The data source in one line, once it was resolved. */
  dataDescription?: string | undefined;
  /** Where the data came from and what was sent, once the data was prepared. */
  data?: (() => DataReport) | undefined;
}

/**
 * `failed` when the run was not aborted, ran benchmarks, and none of them had a successful
 * request: nothing was measured, however the benchmarks ended.
 */
function runStatus(outcome: RunOutcome): BenchmarkReport['status'] {
  if (outcome.aborted) return 'aborted';
  const measured = outcome.benchmarks.some((benchmark) => benchmark.requestCounts.successful > 0);
  return outcome.benchmarks.length > 0 && !measured ? 'failed' : 'completed';
}

/**
 * The run's report, for a completed run and an aborted one alike: its status (`failed` when no
 * benchmark had a successful request) and stop reason, the args echoed without secrets (with the
 * model, URL and data source the run resolved), the benchmarks and the run's warnings, validated
 * before anyone sees it.
 *
 * @throws {InferbenchError} `ERR_INVALID_REPORT` when the report breaks its own schema (a bug).
 */
export function assembleReport(args: ParsedBenchmarkArgs, outcome: RunOutcome): BenchmarkReport {
  const { discovered } = outcome;
  return validateReport(
    buildReport({
      status: runStatus(outcome),
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
        ...(outcome.dataDescription === undefined ? {} : { resolvedData: outcome.dataDescription }),
      },
      benchmarks: outcome.benchmarks,
      capacity: withServerStateAtBracket(outcome.capacity, outcome.benchmarks),
      tokenizer: outcome.tokenizer,
      warnings: outcome.warnings,
      data: outcome.data?.(),
      shard:
        args.shard === undefined
          ? undefined
          : { ...args.shard, ...(args.startAt === undefined ? {} : { startAt: args.startAt }) },
    }),
  );
}
