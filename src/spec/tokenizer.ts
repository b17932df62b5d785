/** Counts and produces tokens for one model's vocabulary. */
export interface Tokenizer {
  /** A short name for reports, e.g. the tokenizer file or model id. */
  readonly name: string;
  /** Token ids of `text`, without special tokens added. */
  encode(text: string): number[];
  /** Text of `ids`, with special tokens skipped. */
  decode(ids: readonly number[]): string;
  /** Number of tokens in `text` (same as `encode(text).length`). */
  count(text: string): number;
}
