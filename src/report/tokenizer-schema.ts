import { z } from 'zod';
import { DistributionSchema, finite } from './distribution-schema.js';

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

/** Intended vs server-counted prompt tokens of one benchmark's requests. */
export const PromptExactnessSchema = z.object({
  checked: z.number().int().nonnegative(),
  /** Server prompt tokens minus intended prompt tokens, per request. */
  differenceTokens: DistributionSchema,
  /** The difference the server's additions explain (chat template, or 0/1 for a BOS token). */
  expectedOverheadTokens: finite(),
  overheadSource: z.enum(['measured', 'estimated', 'bos']),
  thresholdTokens: finite().nonnegative(),
  /** Requests off by more than the threshold beyond the expected additions. */
  beyondThreshold: z.number().int().nonnegative(),
  maxDeviationTokens: finite().nonnegative(),
});

/** The run's tokenizer; see {@link TokenizerInfoSchema}. */
export type TokenizerInfo = z.infer<typeof TokenizerInfoSchema>;
/** Prompt exactness of one benchmark; see {@link PromptExactnessSchema}. */
export type PromptExactnessJson = z.infer<typeof PromptExactnessSchema>;
