import type { RecordStore } from '../core/record-store.js';
import { METRIC_CATALOGUE } from './catalogue.js';
import type { Distribution } from './distribution-types.js';
import { windowMask, type MeasuredWindow } from './measured-window.js';
import { requestValues } from './request-values.js';

/** How the run sent its prompts, and what the server's tokenizer said about its chat template. */
export interface PromptExactnessOptions {
  requestFormat: 'chat' | 'completions';
  /**
   * Tokens the server's chat template adds to a prompt, when measured (the server's `/tokenize`
   * of the messages minus that of the text); otherwise the most frequent difference stands in.
   */
  templateOverheadTokens?: number | undefined;
  /** Largest deviation from the expected additions not worth a warning. @default 1 */
  thresholdTokens?: number | undefined;
}

/**
 * How exact a benchmark's prompts were, as the server counted them: the verdict on the
 * `promptTokenDifference` distribution (server prompt tokens minus the intended length).
 */
export interface PromptExactness {
  /** Requests with both an intended count and a server count (the distribution's `count`). */
  checked: number;
  /**
   * The difference the server's own additions explain: the chat template's tokens for chat, or
   * the BOS token a completions server may add (0 or 1).
   */
  expectedOverheadTokens: number;
  /** `measured` by the server's tokenizer, `estimated` as the most frequent difference, or `bos`. */
  overheadSource: 'measured' | 'estimated' | 'bos';
  thresholdTokens: number;
  /** Requests whose difference strays from the expected additions by more than the threshold. */
  beyondThreshold: number;
  /** The largest such stray, in tokens (0 when every request was exact). */
  maxDeviationTokens: number;
}

/**
 * Judges prompt exactness from each request's difference (server prompt tokens minus intended;
 * NaN where there is none) and their distribution: the part the server's additions explain
 * (chat template, BOS), and how many requests are off by more than `thresholdTokens` beyond it.
 * `undefined` when no request has both counts.
 *
 * @example
 * ```ts
 * const differences = [24, 31, 28, 0];
 * const exactness = assessPromptExactness(differences, computeDistribution(differences), {
 *   requestFormat: 'completions',
 * });
 * exactness?.beyondThreshold; // 3
 * ```
 */
export function assessPromptExactness(
  differences: ArrayLike<number>,
  distribution: Distribution,
  options: PromptExactnessOptions,
): PromptExactness | undefined {
  if (distribution.count === 0 || distribution.mode === null) return undefined;
  const threshold = options.thresholdTokens ?? 1;
  let expected: number;
  let overheadSource: PromptExactness['overheadSource'];
  if (options.requestFormat === 'chat') {
    expected = options.templateOverheadTokens ?? distribution.mode;
    overheadSource = options.templateOverheadTokens === undefined ? 'estimated' : 'measured';
  } else {
    // A completions server adds at most a BOS token; anything else is the prompt's own error.
    expected = distribution.mode === 1 ? 1 : 0;
    overheadSource = 'bos';
  }
  let beyond = 0;
  let maxDeviation = 0;
  for (let i = 0; i < differences.length; i++) {
    const difference = differences[i] as number;
    if (Number.isNaN(difference)) continue;
    const deviation = Math.abs(difference - expected);
    if (deviation > threshold) beyond++;
    if (deviation > maxDeviation) maxDeviation = deviation;
  }
  return {
    checked: distribution.count,
    expectedOverheadTokens: expected,
    overheadSource,
    thresholdTokens: threshold,
    beyondThreshold: beyond,
    maxDeviationTokens: maxDeviation,
  };
}

/**
 * {@link assessPromptExactness} over a benchmark's requests dispatched in the measured window,
 * every status together, as the catalogue's `promptTokenDifference` distribution counts them.
 */
export function computePromptExactness(
  store: RecordStore,
  window: MeasuredWindow,
  distribution: Distribution,
  options: PromptExactnessOptions,
): PromptExactness | undefined {
  const values = requestValues(METRIC_CATALOGUE.promptTokenDifference.reads, store);
  const mask = windowMask(store.column('dispatchedAt'), window);
  for (let i = 0; i < values.length; i++) if (mask[i] === 0) values[i] = NaN;
  return assessPromptExactness(values, distribution, options);
}

/** A warning's text for prompts beyond the threshold; `undefined` when none are. */
export function describePromptExactness(exactness: PromptExactness): string | undefined {
  if (exactness.beyondThreshold === 0) return undefined;
  const additions =
    exactness.overheadSource === 'bos'
      ? 'a BOS token'
      : `${exactness.expectedOverheadTokens} chat template tokens (${exactness.overheadSource})`;
  return `prompt tokens: ${exactness.beyondThreshold} of ${exactness.checked} requests differ from the intended length by more than ${exactness.thresholdTokens} token(s) beyond ${additions}, by up to ${exactness.maxDeviationTokens}; the run's tokenizer is probably not the server's (set tokenizer to the served model)`;
}
