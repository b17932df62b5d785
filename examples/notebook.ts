// A notebook-style script: cells you can run one by one in a ts-node or tsx REPL, or all at once.
// It starts a mock server, runs a small rate sweep and prints a table of the numbers.
// Written without top-level await, so it runs as CommonJS (ts-node's default) and as ESM.
// Run: npx tsx examples/notebook.ts   or   npx ts-node examples/notebook.ts (in a CommonJS project)
import { runBenchmark, type BenchmarkReport } from 'inferbench';
import { createMockServer } from 'inferbench/mock-server';

async function main(): Promise<void> {
  // %% Cell 1: a server to measure (swap in your own URL, e.g. http://localhost:8000).
  const server = await createMockServer({ ttftMs: 30, ttftMsStd: 5, itlMs: 8, itlMsStd: 1 });

  // %% Cell 2: one benchmark per rate.
  let report: BenchmarkReport;
  try {
    report = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=64,output_tokens=16',
      profile: 'constant',
      rate: [2, 8],
      maxSeconds: 1,
    });
  } finally {
    await server.close();
  }

  // %% Cell 3: the numbers, one row per benchmark.
  console.table(
    report.benchmarks.map((benchmark) => ({
      rate: benchmark.strategy.type === 'constant' ? benchmark.strategy.ratePerSecond : NaN,
      requests: benchmark.requestCounts.successful,
      'ttft p50 ms': round(benchmark.metrics.ttftMs.successful.percentiles.p50),
      'ttft p99 ms': round(benchmark.metrics.ttftMs.successful.percentiles.p99),
      'itl p50 ms': round(benchmark.metrics.itlMs.successful.percentiles.p50),
      'output tok/s': round(benchmark.metrics.outputTokensPerSecond.successful.mean),
    })),
  );
  if (report.benchmarks.some((benchmark) => benchmark.requestCounts.successful === 0)) {
    throw new Error('a benchmark completed no request');
  }
}

/** One decimal; a statistic is null when its distribution has no samples, and stays null. */
function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
