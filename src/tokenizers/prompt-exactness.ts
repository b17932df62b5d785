import { computeDistribution } from '../metrics/distribution.js';
import type { Distribution } from '../report/distribution-schema.js';

/** What one request contributes: the prompt length intended and the server's count of it. */
export interface PromptCountPair {
  /** Prompt tokens the data source intended (under the run's tokenizer); NaN or absent when unknown. */
  intendedPromptTokens?: number | undefined;
  /** The record's prompt tokens. */
  promptTokens: number;
  /** Where `promptTokens` came from; only `server` counts are compared. */
  promptTokensSource: string;
}

/** Options of {@link summarizePromptExactness}. */
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

/** How exact the prompts were, as the server counted them. */
export interface PromptExactness {
  /** Requests with both an intended count and a server count. */
  checked: number;
  /** Server prompt tokens minus intended prompt tokens, per request. */
  differenceTokens: Distribution;
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
 * Compares, request by request, the prompt length the data source intended with the server's
 * `usage.prompt_tokens`: the differences as a distribution, the part the server's additions
 * explain (chat template, BOS), and how many requests are off by more than `thresholdTokens`
 * beyond that. `undefined` when no request has both counts.
 *
 * @example
 * ```ts
 * const exactness = summarizePromptExactness(records, { requestFormat: 'completions' });
 * if (exactness !== undefined && exactness.beyondThreshold > 0) console.warn(describePromptExactness(exactness));
 * ```
 */
export function summarizePromptExactness(
  records: readonly PromptCountPair[],
  options: PromptExactnessOptions,
): PromptExactness | undefined {
  const differences: number[] = [];
  for (const record of records) {
    const intended = record.intendedPromptTokens;
    if (record.promptTokensSource !== 'server' || intended === undefined) continue;
    if (!Number.isFinite(intended) || !Number.isFinite(record.promptTokens)) continue;
    differences.push(record.promptTokens - intended);
  }
  if (differences.length === 0) return undefined;
  const distribution = computeDistribution(differences);
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
  for (const difference of differences) {
    const deviation = Math.abs(difference - expected);
    if (deviation > threshold) beyond++;
    if (deviation > maxDeviation) maxDeviation = deviation;
  }
  return {
    checked: differences.length,
    differenceTokens: distribution,
    expectedOverheadTokens: expected,
    overheadSource,
    thresholdTokens: threshold,
    beyondThreshold: beyond,
    maxDeviationTokens: maxDeviation,
  };
}

/** A warning's text for a summary with requests beyond the threshold; `undefined` when none are. */
export function describePromptExactness(exactness: PromptExactness): string | undefined {
  if (exactness.beyondThreshold === 0) return undefined;
  const additions =
    exactness.overheadSource === 'bos'
      ? 'a BOS token'
      : `${exactness.expectedOverheadTokens} chat template tokens (${exactness.overheadSource})`;
  return `prompt tokens: ${exactness.beyondThreshold} of ${exactness.checked} requests differ from the intended length by more than ${exactness.thresholdTokens} token(s) beyond ${additions}, by up to ${exactness.maxDeviationTokens}; the run's tokenizer is probably not the server's (set tokenizer to the served model)`;
}
