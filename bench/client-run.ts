// One client run against a server already listening, for timing whole processes against each
// other: `tsx bench/client-run.ts <raw|inferbench> <url> [concurrency] [requests]`.
import { runInferbench } from './lib/inferbench-loop.js';
import { runRawLoop } from './lib/raw-loop.js';

const [which, url, concurrency = '64', requests = '3000'] = process.argv.slice(2);
if (url === undefined || (which !== 'raw' && which !== 'inferbench')) {
  throw new Error('usage: tsx bench/client-run.ts <raw|inferbench> <url> [concurrency] [requests]');
}
const C = Number(concurrency);
const N = Number(requests);
if (which === 'raw') {
  const prompts = Array.from({ length: 100 }, (_, i) => `${i}: ${'word '.repeat(127)}`);
  const r = await runRawLoop({ url, model: 'mock-model', prompts, outputTokens: 128 }, C, N);
  console.log(`raw ${((r.completed * 1000) / r.durationMs).toFixed(0)} req/s`);
} else {
  const { benchmark } = await runInferbench({
    target: url,
    model: 'mock-model',
    data: `prompt_tokens=128,output_tokens=128,samples=${N}`,
    profile: 'concurrent',
    rate: C,
    maxRequests: N,
  });
  const rps = (benchmark.requestCounts.successful * 1000) / benchmark.timings.duration;
  console.log(`inferbench ${rps.toFixed(0)} req/s`);
}
