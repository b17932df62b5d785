// Type-checked under node10, node16 and bundler resolution: every subpath resolves with types,
// and args are precisely typed.
import { runBenchmark, type BenchmarkArgs, type BenchmarkReport } from 'inferbench';
import { createMockServer, type MockServer } from 'inferbench/mock-server';
import { assertSlo, createMockServerFixture, type MockServerFixture } from 'inferbench/testing';

export async function check(): Promise<number> {
  const server: MockServer = await createMockServer({ ttftMs: 5 });
  const fixture: MockServerFixture = createMockServerFixture({ itlMs: 1 });
  const args: BenchmarkArgs = { target: server.url, maxRequests: 2, data: 'prompt_tokens=8' };
  // @ts-expect-error data is a shorthand string, a synthetic spec or a DataSource
  const bad: BenchmarkArgs = { target: server.url, maxRequests: 2, data: 42 };
  const report: BenchmarkReport = await runBenchmark(args);
  assertSlo(report, { ttftMs: { p99: 1000 } });
  await fixture.close();
  await server.close();
  // A statistic is null when its distribution has no samples.
  const p99: number | null = report.benchmarks[0]!.metrics.ttftMs.successful.percentiles.p99;
  return (p99 ?? 0) + (bad ? 0 : 1);
}
