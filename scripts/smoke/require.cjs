// CommonJS consumer: every subpath through `require`, then a short benchmark.
const { runBenchmark, BenchmarkReportSchema } = require('inferbench');
const { createMockServer } = require('inferbench/mock-server');
const { assertSlo } = require('inferbench/testing');
const { version } = require('inferbench/package.json');

async function main() {
  const server = await createMockServer({ ttftMs: 5, itlMs: 1 });
  try {
    const report = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=8,output_tokens=4',
      maxRequests: 4,
    });
    BenchmarkReportSchema.parse(report);
    assertSlo(report, 'error_rate<=0');
    console.log(`require: ${report.benchmarks[0].requestCounts.successful} requests (v${version})`);
  } finally {
    await server.close();
  }
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
