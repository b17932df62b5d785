import { Worker } from 'node:worker_threads';
import { num, title } from '../lib/figures.js';
import { runBenchmark } from '../../src/run-benchmark.js';
import type { MockProcess } from '../lib/mock-process.js';
import { CLIENT_BOUND_THRESHOLDS } from '../../src/metrics/client.js';

/** What one worker count sustained. */
export interface WorkersResult {
  workers: number;
  /** The highest rate of the ladder that was sustained (0 when none was). */
  sustainedPerSecond: number;
}

const OUTPUT_TOKENS = 16;
const PROMPT_TOKENS = 32;
/** The ladder: each step this much above the last. */
const STEP = 1.25;
/**
 * A step is sustained when dispatches kept this share of the schedule's pace (the report's own
 * client-bound threshold): a client that falls behind sends its requests over a longer span.
 */
const ACHIEVED_FRACTION = CLIENT_BOUND_THRESHOLDS.achievedRateFraction;
/**
 * …and at most this share of its requests was still in flight when the step's time was up: a
 * worker that falls behind reading responses (its dispatches still on time) piles them up.
 */
const INCOMPLETE_FRACTION = 0.05;

/**
 * The highest constant rate one benchmark sustains with 1 and with 2 worker threads, against
 * the no-delay mock in a process of its own: an open-loop ladder from `fromRate`, each step
 * `seconds` long: the highest step whose dispatches kept up (achieved rate at least 95% of
 * the schedule's) and that left at most 5% of its requests in flight at its end (a no-delay
 * server answers in milliseconds: a pile-up is the client not reading); dispatch lag and the
 * worst thread's event-loop delay are printed beside it. Prints the ratio 2 : 1.
 */
export async function measureWorkers(
  mock: MockProcess,
  fromRate: number,
  seconds: number,
  maxSteps: number,
): Promise<WorkersResult[]> {
  title('Worker threads (highest sustained constant rate, 1 and 2 workers)');
  const rates = Array.from({ length: maxSteps }, (_, step) => Math.round(fromRate * STEP ** step));
  console.log(
    `one run per worker count, one ${seconds}-s benchmark per rate (${rates.join(', ')}/s) after an untimed one at ${fromRate}/s (the threads' JIT warm-up); sustained: achieved >= ${ACHIEVED_FRACTION * 100}% of the schedule and <= ${INCOMPLETE_FRACTION * 100}% incomplete; ${PROMPT_TOKENS}-token prompts, ${OUTPUT_TOKENS}-token streams from the no-delay mock`,
  );
  console.log(
    '  workers   rate/s   achieved/s   incomplete   lag p50 ms   lag p99 ms   loop p99 ms  sustained',
  );
  const results: WorkersResult[] = [];
  for (const workers of [1, 2]) {
    // One run, so the workers (and their JIT) carry over from one rate to the next.
    const report = await runBenchmark({
      target: mock.url,
      model: 'mock-model',
      data: `prompt_tokens=${PROMPT_TOKENS},output_tokens=${OUTPUT_TOKENS}`,
      profile: 'constant',
      rate: [fromRate, ...rates],
      maxSeconds: seconds,
      warmup: '1s',
      probe: false,
      workers,
    });
    let sustainedPerSecond = 0;
    for (const benchmark of report.benchmarks.slice(1)) {
      const client = benchmark.client;
      const rate = client.targetRatePerSecond ?? NaN;
      const lag = client.dispatchLagMs.percentiles;
      const counts = benchmark.requestCounts;
      const sustained =
        client.achievedRatePerSecond >=
          ACHIEVED_FRACTION * (client.scheduledRatePerSecond ?? rate) &&
        counts.incomplete <= INCOMPLETE_FRACTION * counts.total;
      console.log(
        `${num(workers, 0, 9)} ${num(rate, 0, 8)} ${num(client.achievedRatePerSecond, 0, 12)} ${num(counts.incomplete, 0, 12)} ${num(lag.p50 ?? NaN, 3, 12)} ${num(lag.p99 ?? NaN, 3, 12)} ${num(client.eventLoopDelayMs.p99, 2, 13)}  ${sustained ? 'yes' : 'no'}`,
      );
      // Others' load on a shared machine fails steps at random; a step that passed is evidence.
      if (sustained) sustainedPerSecond = Math.max(sustainedPerSecond, rate);
    }
    results.push({ workers, sustainedPerSecond });
  }
  await measureHandoff(100_000, 160);
  const [one, two] = results;
  console.log(
    `  highest sustained: 1 worker ${num(one!.sustainedPerSecond, 0, 0)}/s, 2 workers ${num(two!.sustainedPerSecond, 0, 0)}/s; ratio 2:1 = ${num(two!.sustainedPerSecond / one!.sustainedPerSecond, 2, 0)}`,
  );
  return results;
}

/**
 * What handing a request to a worker costs: `count` orders shaped as the scheduler's (a
 * `send` with a `prompt` of about `promptChars` characters) posted one `postMessage` each to a
 * worker that counts them, as fast as the main thread can post. Prints the main thread's CPU per
 * message and the rate at which the worker received them: the ceiling of per-request handoff.
 */
export async function measureHandoff(count: number, promptChars: number): Promise<void> {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     let received = 0;
     parentPort.on('message', (order) => {
       if (order.type === 'end') parentPort.postMessage(received);
       else received++;
     });`,
    { eval: true },
  );
  const prompt = 'word '.repeat(Math.ceil(promptChars / 5)).slice(0, promptChars);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let index = 0; index < count; index++) {
    worker.postMessage({
      type: 'send',
      index,
      scheduledAt: index,
      request: { prompt, promptTokens: 32, outputTokens: 16 },
    });
  }
  const used = process.cpuUsage(cpu);
  const received = new Promise<number>((resolve) => worker.once('message', resolve));
  worker.postMessage({ type: 'end' });
  const got = await received;
  const seconds = (performance.now() - started) / 1000;
  await worker.terminate();
  console.log(
    `  handoff: ${got} orders (${promptChars}-char prompts), main-thread CPU ${num((used.user + used.system) / count, 2, 0)} µs each, received at ${num(got / seconds, 0, 0)}/s`,
  );
}
