import { InferbenchError } from '../errors.js';
import type { Benchmark, RunStatus } from './benchmark-schema.js';
import { METRIC_DEFINITIONS } from './definitions.js';
import { currentEnvironment } from './environment.js';
import type { TokenizerInfo } from '../tokenizers/tokenizer-info.js';
import type { DataReport } from './data-schema.js';
import {
  SCHEMA_VERSION,
  type BenchmarkReport,
  type Capacity,
  type RunWarning,
} from './report-schema.js';
import type { MergeInfo, ShardInfo } from './shard-schema.js';

/** What {@link buildReport} needs: the run's outcome, its times, args and benchmarks. */
export interface BuildReportInput {
  status: RunStatus;
  /** Why the run stopped (usually the last benchmark's stop reason, or `aborted`). */
  stopReason: string;
  /** Epoch ms when the run started (its time origin). */
  startedAtEpochMs: number;
  /** Epoch ms when the run ended. */
  endedAtEpochMs: number;
  /** The resolved, serialisable args, secrets already redacted. */
  args: Record<string, unknown>;
  benchmarks: Benchmark[];
  /** The capacity search result, for the capacity profile. */
  capacity?: Capacity | undefined;
  /** The tokenizer prompts were built and counted with. */
  tokenizer?: TokenizerInfo | undefined;
  /** The run's warnings, in order. */
  warnings?: readonly RunWarning[] | undefined;
  /** Where the data came from and what was sent. */
  data?: DataReport | undefined;
  /** Which shard of a sharded run the report is. */
  shard?: ShardInfo | undefined;
  /** How a merged report was merged. */
  merge?: MergeInfo | undefined;
}

/**
 * Assembles a run's report: adds `schemaVersion`, `environment` and `definitions` to the run's
 * outcome and benchmarks. It does not validate; pass the result to `validateReport` before
 * handing it to anyone.
 */
export function buildReport(input: BuildReportInput): BenchmarkReport {
  const report: BenchmarkReport = {
    schemaVersion: SCHEMA_VERSION,
    status: input.status,
    stopReason: input.stopReason,
    startedAt: isoOrThrow(input.startedAtEpochMs, 'startedAtEpochMs'),
    endedAt: isoOrThrow(input.endedAtEpochMs, 'endedAtEpochMs'),
    args: input.args,
    environment: currentEnvironment(),
    definitions: { ...METRIC_DEFINITIONS },
    benchmarks: input.benchmarks,
  };
  if (input.capacity !== undefined) report.capacity = input.capacity;
  if (input.tokenizer !== undefined) report.tokenizer = input.tokenizer;
  if (input.warnings !== undefined) report.warnings = input.warnings.map((w) => ({ ...w }));
  if (input.data !== undefined) report.data = input.data;
  if (input.shard !== undefined) report.shard = input.shard;
  if (input.merge !== undefined) report.merge = input.merge;
  return report;
}

function isoOrThrow(epochMs: number, name: string): string {
  if (!Number.isFinite(epochMs)) {
    throw new InferbenchError(
      'ERR_INTERNAL',
      `buildReport expected ${name} to be finite epoch ms, received ${epochMs}`,
    );
  }
  return new Date(epochMs).toISOString();
}
