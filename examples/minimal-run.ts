// The smallest useful program: one constant-rate benchmark against the built-in mock server,
// then the numbers an autotuner would read from the report.
// Run: npx tsx examples/minimal-run.ts
import { runBenchmark } from 'inferbench';

const report = await runBenchmark({
  target: 'mock', // or the base URL of your server, e.g. http://localhost:8000
  data: 'prompt_tokens=64,output_tokens=32',
  profile: 'constant',
  rate: 10,
  maxSeconds: 2,
});

const [benchmark] = report.benchmarks;
if (benchmark === undefined) throw new Error('no benchmark ran');
console.log(`requests: ${benchmark.requestCounts.successful} successful`);
// A statistic is null when its distribution has no samples (no successful request).
console.log(`TTFT p99: ${benchmark.metrics.ttftMs.successful.percentiles.p99?.toFixed(1)} ms`);
console.log(`ITL p50: ${benchmark.metrics.itlMs.successful.percentiles.p50?.toFixed(2)} ms`);
if (benchmark.requestCounts.successful === 0) process.exit(1);
