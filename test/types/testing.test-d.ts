// Type-level tests of the inferbench/testing helpers users call from their own tests.
import { expectTypeOf } from 'vitest';
import type { Benchmark, BenchmarkReport } from 'inferbench';
import type { MockServer } from 'inferbench/mock-server';
import {
  assertSlo,
  createMockServerFixture,
  type MockServerFixture,
  type SloAssertionError,
  type SloFailure,
} from 'inferbench/testing';

declare const report: BenchmarkReport;
declare const benchmark: Benchmark;

const mock = createMockServerFixture({ ttftMs: 20 });
expectTypeOf(mock).toEqualTypeOf<MockServerFixture>();
expectTypeOf(mock.start).returns.toEqualTypeOf<Promise<MockServer>>();
expectTypeOf(mock.url).toEqualTypeOf<string>();
expectTypeOf(mock.close).returns.toEqualTypeOf<Promise<void>>();
// @ts-expect-error the URL is read-only
mock.url = 'http://127.0.0.1:1';
// @ts-expect-error mock server options are checked
createMockServerFixture({ ttft: 20 });

expectTypeOf(assertSlo).returns.toEqualTypeOf<void>();
assertSlo(report, 'ttft_ms.p99<=200');
assertSlo(benchmark, { ttftMs: { p99: 200 }, errorRate: 0 });
assertSlo(report);
// @ts-expect-error an SLO is a string or an object
assertSlo(report, 200);
expectTypeOf<SloAssertionError['failures']>().toEqualTypeOf<readonly SloFailure[]>();
expectTypeOf<SloFailure['result']['measured']>().toEqualTypeOf<number | null>();
