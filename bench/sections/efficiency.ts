import { createSyntheticDataSource } from '../../src/data/synthetic.js';
import { parseSyntheticShorthand } from '../../src/data/synthetic-spec.js';
import { median, num, p50p99, title } from '../lib/figures.js';
import { runInferbench } from '../lib/inferbench-loop.js';
import type { MockProcess } from '../lib/mock-process.js';
import { runRawLoop } from '../lib/raw-loop.js';

/** Closed-loop shapes measured: streams in flight and requests per round. */
export interface EfficiencyPlan {
  concurrency: number;
  requests: number;
  rounds: number;
}

/** What one shape measured, raw loop against inferbench, round by round (A B A B). */
export interface EfficiencyResult {
  concurrency: number;
  /** inferbench requests/s over the raw loop's, each round. */
  ratios: number[];
  rawRps: number[];
  inferbenchRps: number[];
  rawCpuPerChunkUs: number[];
  inferbenchCpuPerChunkUs: number[];
  /** inferbench TTFT minus the raw loop's, each round (ms). */
  ttftOverheadP50Ms: number[];
  ttftOverheadP99Ms: number[];
  newConnections: number[];
}

const OUTPUT_TOKENS = 128;
const PROMPT_TOKENS = 128;

async function promptsFor(requests: number): Promise<string[]> {
  const source = createSyntheticDataSource(
    parseSyntheticShorthand(`prompt_tokens=${PROMPT_TOKENS},output_tokens=${OUTPUT_TOKENS}`),
  );
  await source.prepare({ seed: 'raw-loop', expectedCount: requests });
  const iterator = source.samples();
  return Array.from({ length: Math.min(requests, 1000) }, () => iterator.next().value!.prompt);
}

/**
 * Efficiency, client CPU per chunk and TTFT overhead: a minimal raw undici loop (A) and
 * inferbench (B) against the same no-delay mock server, with the same concurrency, prompts,
 * output length and content parsing, interleaved A B A B so that the machine's load falls on
 * both alike; each figure is a ratio or a difference within one round.
 */
export async function measureEfficiency(
  mock: MockProcess,
  plans: readonly EfficiencyPlan[],
  server = 'no-delay mock',
): Promise<EfficiencyResult[]> {
  title(
    server === 'no-delay mock'
      ? 'Efficiency, client CPU per chunk, TTFT overhead (raw undici loop A vs inferbench B)'
      : `TTFT overhead against a server that is not the bottleneck (raw undici loop A vs inferbench B)`,
  );
  console.log(
    `closed loop, ${PROMPT_TOKENS}-token prompts, ${OUTPUT_TOKENS}-token streams, ${server} in its own process; pools warmed before the clock`,
  );
  console.log(
    '  C round   A req/s   B req/s   B/A    A µs/chunk  B µs/chunk  TTFT p50 A/B/Δ ms       TTFT p99 A/B/Δ ms       new conns',
  );
  const results: EfficiencyResult[] = [];
  for (const plan of plans) {
    const prompts = await promptsFor(plan.requests);
    const result: EfficiencyResult = {
      concurrency: plan.concurrency,
      ratios: [],
      rawRps: [],
      inferbenchRps: [],
      rawCpuPerChunkUs: [],
      inferbenchCpuPerChunkUs: [],
      ttftOverheadP50Ms: [],
      ttftOverheadP99Ms: [],
      newConnections: [],
    };
    for (let round = 0; round < plan.rounds; round++) {
      const raw = await runRawLoop(
        { url: mock.url, model: 'mock-model', prompts, outputTokens: OUTPUT_TOKENS },
        plan.concurrency,
        plan.requests,
      );
      const ours = await runInferbench({
        target: mock.url,
        model: 'mock-model',
        // Prepared before the clock, as the raw loop's bodies are (preparation has its section).
        data: `prompt_tokens=${PROMPT_TOKENS},output_tokens=${OUTPUT_TOKENS},samples=${plan.requests}`,
        profile: 'concurrent',
        rate: plan.concurrency,
        maxRequests: plan.requests,
      });
      const b = ours.benchmark;
      const rawRps = (raw.completed * 1000) / raw.durationMs;
      const oursRps = (b.requestCounts.successful * 1000) / b.timings.duration;
      const rawTtft = p50p99(raw.ttftMs);
      const oursTtft = b.metrics.ttftMs.successful.percentiles;
      const chunks = b.metrics.outputTokens.successful.sum ?? NaN;
      result.rawRps.push(rawRps);
      result.inferbenchRps.push(oursRps);
      result.ratios.push(oursRps / rawRps);
      result.rawCpuPerChunkUs.push(raw.cpuMicros / raw.chunks);
      result.inferbenchCpuPerChunkUs.push(ours.cpuMicros / chunks);
      result.ttftOverheadP50Ms.push((oursTtft.p50 ?? NaN) - rawTtft.p50);
      result.ttftOverheadP99Ms.push((oursTtft.p99 ?? NaN) - rawTtft.p99);
      result.newConnections.push(b.client.newConnections ?? NaN);
      const i = result.ratios.length - 1;
      console.log(
        `${num(plan.concurrency, 0, 3)} ${num(round + 1, 0, 5)} ${num(rawRps, 0, 9)} ${num(oursRps, 0, 9)} ${num(result.ratios[i]!, 3, 6)} ${num(result.rawCpuPerChunkUs[i]!, 2, 12)} ${num(result.inferbenchCpuPerChunkUs[i]!, 2, 11)}  ${num(rawTtft.p50, 2, 7)}/${num(oursTtft.p50 ?? NaN, 2, 7)}/${num(result.ttftOverheadP50Ms[i]!, 2, 6)}  ${num(rawTtft.p99, 2, 7)}/${num(oursTtft.p99 ?? NaN, 2, 7)}/${num(result.ttftOverheadP99Ms[i]!, 2, 6)}  ${num(result.newConnections[i]!, 0, 9)}`,
      );
    }
    console.log(
      `  C=${plan.concurrency}: efficiency (median B/A) ${median(result.ratios).toFixed(3)}; CPU per chunk A ${median(result.rawCpuPerChunkUs).toFixed(2)} µs, B ${median(result.inferbenchCpuPerChunkUs).toFixed(2)} µs; TTFT overhead median p50 ${median(result.ttftOverheadP50Ms).toFixed(3)} ms, p99 ${median(result.ttftOverheadP99Ms).toFixed(3)} ms`,
    );
    results.push(result);
  }
  return results;
}
