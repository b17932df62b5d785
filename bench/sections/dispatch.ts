import { num, title } from '../lib/figures.js';
import { runInferbench } from '../lib/inferbench-loop.js';
import type { MockProcess } from '../lib/mock-process.js';

/** What one rate measured. */
export interface DispatchResult {
  ratePerSecond: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Achieved dispatch rate over the target. */
  achievedFraction: number;
  eventLoopDelayP99Ms: number;
  clientBound: boolean;
  clientBoundReason: string | undefined;
  cpuFraction: number;
}

const OUTPUT_TOKENS = 16;
const PROMPT_TOKENS = 32;

/**
 * Dispatch precision of the constant-rate (open-loop) strategy: lag between each request's
 * scheduled and actual send time, from the report's own client section, at each rate against
 * the no-delay mock server.
 */
export async function measureDispatch(
  mock: MockProcess,
  rates: readonly number[],
  seconds: number,
): Promise<DispatchResult[]> {
  title('Dispatch precision (constant rate, open loop)');
  console.log(
    `${seconds} s per rate after an untimed 10-s run at 200/s (JIT warm-up), ${PROMPT_TOKENS}-token prompts prepared before the clock, ${OUTPUT_TOKENS}-token streams from the no-delay mock`,
  );
  console.log(
    '  rate/s   lag p50 ms  lag p99 ms  lag max ms  achieved/target  loop p99 ms  client CPU  clientBound',
  );
  // The first thousand requests run through code V8 has not optimised yet: the client falls
  // behind for a second or two at 500/s on a busy 2-core machine. One untimed run first, so the
  // figures are the steady state's (the cold start is a once-per-process cost, not a rate's).
  await runInferbench({
    target: mock.url,
    model: 'mock-model',
    data: `prompt_tokens=${PROMPT_TOKENS},output_tokens=${OUTPUT_TOKENS},samples=2000`,
    profile: 'constant',
    rate: 200,
    maxRequests: 2000,
  });
  const results: DispatchResult[] = [];
  for (const rate of rates) {
    const { benchmark, cpuMicros } = await runInferbench({
      target: mock.url,
      model: 'mock-model',
      data: `prompt_tokens=${PROMPT_TOKENS},output_tokens=${OUTPUT_TOKENS},samples=${Math.ceil(rate * seconds * 1.2)}`,
      profile: 'constant',
      rate,
      maxSeconds: seconds,
    });
    const client = benchmark.client;
    const lag = client.dispatchLagMs.percentiles;
    const result: DispatchResult = {
      ratePerSecond: rate,
      lagP50Ms: lag.p50 ?? NaN,
      lagP99Ms: lag.p99 ?? NaN,
      lagMaxMs: client.dispatchLagMs.max ?? NaN,
      achievedFraction: client.achievedRatePerSecond / rate,
      eventLoopDelayP99Ms: client.eventLoopDelayMs.p99,
      clientBound: client.clientBound,
      clientBoundReason: client.clientBoundReason,
      cpuFraction: cpuMicros / 1000 / benchmark.timings.duration,
    };
    results.push(result);
    console.log(
      `${num(rate, 0, 8)} ${num(result.lagP50Ms, 3, 12)} ${num(result.lagP99Ms, 3, 11)} ${num(result.lagMaxMs, 3, 11)} ${num(result.achievedFraction, 4, 16)} ${num(result.eventLoopDelayP99Ms, 2, 12)} ${num(result.cpuFraction * 100, 0, 10)}%  ${result.clientBound ? `yes: ${result.clientBoundReason ?? ''}` : 'no'}`,
    );
  }
  return results;
}
