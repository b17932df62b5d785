import type { Benchmark } from '../report/benchmark-schema.js';
import { describePromptExactness } from '../metrics/prompt-exactness.js';
import { TOKEN_GUESS_NOTE, hasGuessedTokenCounts } from '../outputs/run-notes.js';
import { strategyLabel } from '../strategies/strategy-label.js';

/** A warning about a finished benchmark, for the run's events and report. */
export interface BenchmarkWarning {
  code: 'CLIENT_BOUND' | 'SHORT_BENCHMARK' | 'TOKEN_COUNTS_GUESSED' | 'PROMPT_TOKENS_INEXACT';
  message: string;
}

/**
 * A measured window shorter than this many median request latencies has not reached a steady
 * state: the first requests of a benchmark meet an empty server, and queues take several
 * request lifetimes to settle.
 */
export const STEADY_STATE_LATENCIES = 10;

/**
 * What the run should say about each finished benchmark: the load generator could not keep up
 * (every time), the benchmark was too short for its latencies to settle, and output token counts
 * are guesses (each once per run: the advice is the same every time), and prompts came out at
 * other token counts than asked (every time: each benchmark's share differs).
 */
export class BenchmarkWarnings {
  readonly #maxSeconds: number | undefined;
  readonly #said = new Set<BenchmarkWarning['code']>();

  constructor(options: { maxSeconds: number | undefined }) {
    this.#maxSeconds = options.maxSeconds;
  }

  /** The warnings `benchmark` calls for. */
  after(benchmark: Benchmark): BenchmarkWarning[] {
    const label = `benchmark ${benchmark.index} (${strategyLabel(benchmark.strategy)})`;
    const warnings: BenchmarkWarning[] = [];
    if (benchmark.client.clientBound) {
      warnings.push({
        code: 'CLIENT_BOUND',
        message: `${label}: the load generator could not keep up (${benchmark.client.clientBoundReason ?? 'see client metrics'})`,
      });
    }
    const latencyMs = benchmark.metrics.requestLatencyMs.successful.percentiles.p50;
    const windowMs = benchmark.timings.measureDuration;
    // Queues build up under open-loop and full load; one request at a time (or a fixed number
    // of streams) is steady from the start.
    const queues = !['synchronous', 'concurrent'].includes(benchmark.strategy.type);
    if (
      queues &&
      this.#maxSeconds !== undefined &&
      latencyMs !== null &&
      windowMs < STEADY_STATE_LATENCIES * latencyMs &&
      this.#once('SHORT_BENCHMARK')
    ) {
      const needed = Math.ceil((STEADY_STATE_LATENCIES * latencyMs) / 1000);
      warnings.push({
        code: 'SHORT_BENCHMARK',
        message: `${label}: its measured window (${(windowMs / 1000).toFixed(1)} s) is under ${STEADY_STATE_LATENCIES}× its median request latency (${(latencyMs / 1000).toFixed(2)} s), too short for the latencies to reach a steady state; give maxSeconds (--max-seconds) at least ${needed} s`,
      });
    }
    const inexact =
      benchmark.promptExactness === undefined
        ? undefined
        : describePromptExactness(benchmark.promptExactness);
    if (inexact !== undefined) warnings.push({ code: 'PROMPT_TOKENS_INEXACT', message: inexact });
    if (hasGuessedTokenCounts(benchmark) && this.#once('TOKEN_COUNTS_GUESSED')) {
      warnings.push({ code: 'TOKEN_COUNTS_GUESSED', message: TOKEN_GUESS_NOTE });
    }
    return warnings;
  }

  #once(code: BenchmarkWarning['code']): boolean {
    if (this.#said.has(code)) return false;
    this.#said.add(code);
    return true;
  }
}
