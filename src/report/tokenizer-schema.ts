import { z } from 'zod';
import type { PromptExactness } from '../metrics/prompt-exactness.js';
import type { TokenizerInfo } from '../tokenizers/tokenizer-info.js';
import { finite } from './distribution-schema.js';

/** The run's tokenizer and where it came from (see docs/guides/tokenizers.md). */
export const TokenizerInfoSchema = z.object({
  /** A path, a Hub repository id, the served model (server), `word`, or a custom tokenizer's name. */
  id: z.string(),
  source: z.enum(['file', 'cache', 'hub', 'server', 'word', 'custom']),
  /** The Hub commit the files came from (`cache` and `hub`). */
  revision: z.string().optional(),
  /** The server's tokenize API (`server`): vllm, sglang, llama.cpp or tgi. */
  dialect: z.string().optional(),
  /** The model's context length as the server stated it, when it did. */
  maxModelLen: z.number().int().positive().optional(),
  /** Tokens the server's chat template adds to one user message, when measured. */
  templateOverheadTokens: finite().optional(),
});

/**
 * Whether a benchmark's prompts were as long as intended, as the server counted them; the
 * differences themselves are `tokenCounts.promptTokenDifference`.
 */
export const PromptExactnessSchema = z.object({
  /** Requests with both an intended count and a server count. */
  checked: z.number().int().nonnegative(),
  /** The difference the server's additions explain (chat template, or 0/1 for a BOS token). */
  expectedOverheadTokens: finite(),
  overheadSource: z.enum(['measured', 'estimated', 'bos']),
  thresholdTokens: finite().nonnegative(),
  /** Requests off by more than the threshold beyond the expected additions. */
  beyondThreshold: z.number().int().nonnegative(),
  maxDeviationTokens: finite().nonnegative(),
});

/** Prompt exactness of one benchmark as the report holds it; see {@link PromptExactnessSchema}. */
export type PromptExactnessJson = z.infer<typeof PromptExactnessSchema>;

// What the run computes must fit the report's schemas; a change on either side fails the type
// check here instead of being stripped from reports.
type Fits<A, B> = [A] extends [B] ? true : false;
const _tokenizer: Fits<TokenizerInfo, z.infer<typeof TokenizerInfoSchema>> = true;
const _exactness: Fits<PromptExactness, PromptExactnessJson> = true;
