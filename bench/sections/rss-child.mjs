// The long run for RSS, in a process of its own and from the built package (dist/), so that
// the resident set is the client's alone: argv = mock URL, minutes, rate, output tokens.
// Prints a JSON line every 10 s and one at the end.
import { runBenchmark } from '../../dist/index.js';

const [url, minutes, rate, outputTokens] = process.argv.slice(2);
const started = performance.now();
const sample = () => {
  const usage = process.memoryUsage();
  console.log(
    JSON.stringify({
      type: 'sample',
      seconds: Math.round((performance.now() - started) / 1000),
      rss: usage.rss,
      heapUsed: usage.heapUsed,
      external: usage.external,
    }),
  );
};
const sampler = setInterval(sample, 10_000);
const report = await runBenchmark({
  target: url,
  model: 'mock-model',
  data: `prompt_tokens=128,output_tokens=${outputTokens}`,
  profile: 'constant',
  rate: Number(rate),
  maxSeconds: Number(minutes) * 60,
});
clearInterval(sampler);
const b = report.benchmarks[0];
console.log(
  JSON.stringify({
    type: 'end',
    requests: b.requestCounts,
    achievedRatePerSecond: b.client.achievedRatePerSecond,
    dispatchLagP99Ms: b.client.dispatchLagMs.percentiles.p99,
    clientBound: b.client.clientBound,
    newConnections: b.client.newConnections,
  }),
);
