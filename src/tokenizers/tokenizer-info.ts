/** Where a run's tokenizer came from. */
export type TokenizerSource = 'file' | 'cache' | 'hub' | 'server' | 'word' | 'custom';

/**
 * The run's tokenizer and where it came from, as the report records it (`report.tokenizer`; see
 * docs/guides/tokenizers.md).
 */
export interface TokenizerInfo {
  /** A path, a Hub repository id, the served model (server), `word`, or a custom tokenizer's name. */
  id: string;
  source: TokenizerSource;
  /** The Hub commit the files came from (`cache` and `hub`). */
  revision?: string;
  /** The server's tokenize API (`server`): vllm, sglang, llama.cpp or tgi. */
  dialect?: string;
  /** The model's context length as the server stated it, when it did. */
  maxModelLen?: number;
  /** Tokens the server's chat template adds to one user message, when measured. */
  templateOverheadTokens?: number;
}
