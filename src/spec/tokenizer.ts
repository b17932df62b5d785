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

/** The tokenize APIs inferbench speaks; SGLang's is vLLM's with batching. */
export type ServerTokenizerDialect = 'vllm' | 'sglang' | 'llama.cpp' | 'tgi';

/** One text as a server tokenized it (special tokens such as BOS left out). */
export interface ServerTokens {
  ids: number[];
  /** Character offsets of each token in the text, when the server gives them (TGI). */
  offsets?: Array<[number, number]>;
}

/** One chat message, as a server's chat template sees it. */
export interface ServerChatMessage {
  role: string;
  content: string;
}

/**
 * An inference server's own tokenizer over HTTP: asynchronous, and batched (several requests in
 * flight, or one request for many texts where the server takes lists), so that preparing a
 * thousand prompts costs a few round trips, all before a benchmark starts.
 */
export interface ServerTokenizer {
  /** e.g. `server:vllm`. */
  readonly name: string;
  readonly dialect: ServerTokenizerDialect;
  /** The server's base URL, without credentials. */
  readonly url: string;
  /** The model's context length as the server states it, when it does. */
  readonly maxModelLen: number | undefined;
  /** Token ids of each text, without special tokens added. */
  tokenize(texts: readonly string[], signal?: AbortSignal): Promise<ServerTokens[]>;
  /** Text of each id list, special tokens skipped; absent where the server cannot (TGI). */
  detokenize?(ids: ReadonlyArray<readonly number[]>, signal?: AbortSignal): Promise<string[]>;
  /** Prompt tokens of each conversation after the chat template (vLLM), generation prompt included. */
  countChat?(
    conversations: ReadonlyArray<readonly ServerChatMessage[]>,
    signal?: AbortSignal,
  ): Promise<number[]>;
  /** Releases the connections. */
  close(): Promise<void>;
}
