// Type-level tests of what runBenchmark resolves to: the named BenchmarkReport, equal to what
// the exported schema validates.
import { expectTypeOf } from 'vitest';
import type { z } from 'zod';
import {
  runBenchmark,
  validateReport,
  type Benchmark,
  type BenchmarkReport,
  type BenchmarkReportSchema,
} from 'inferbench';

expectTypeOf(runBenchmark).returns.toEqualTypeOf<Promise<BenchmarkReport>>();
expectTypeOf<BenchmarkReport>().toEqualTypeOf<z.output<typeof BenchmarkReportSchema>>();
expectTypeOf<BenchmarkReport['benchmarks']>().toEqualTypeOf<Benchmark[]>();
expectTypeOf(validateReport).returns.toEqualTypeOf<BenchmarkReport>();

declare const report: BenchmarkReport;
expectTypeOf(report.benchmarks[0]).toEqualTypeOf<Benchmark | undefined>();
expectTypeOf(report.benchmarks[0]!.metrics.ttftMs.successful.percentiles.p99).toEqualTypeOf<
  number | null
>();
expectTypeOf(report.status).toEqualTypeOf<'completed' | 'aborted' | 'failed'>();
// @ts-expect-error there is no p100
void report.benchmarks[0]!.metrics.ttftMs.successful.percentiles.p100;
