import type { PacingParameters } from './pacing.js';
import { z } from 'zod';
import { describeReceived } from '../internal/messages.js';
import { parseOrThrow } from '../internal/zod-issues.js';
import type { Tokenizer } from '../spec/tokenizer.js';
import { createWordTokenizer } from '../tokenizers/word-tokenizer.js';
import { resolveFaults, type FaultSpec, type ResolvedFault } from './faults.js';
import { resolveTranscript, type ResolvedTranscript, type Transcript } from './transcript.js';
import type { SimulatorOptions } from './simulator-options.js';

/** Options of `createMockServer`. Every field is optional. */
export interface MockServerOptions {
  /**
   * The model id the server serves; `/v1/models` lists it and requests naming another model get
   * a 404. Requests that name no model are served.
   * @default 'mock-model'
   */
  model?: string;
  /**
   * Mean time to first token in milliseconds, counted from the moment the request arrives.
   * @default 50
   */
  ttftMs?: number;
  /**
   * Standard deviation of the time to first token (normal jitter, truncated at 0).
   * @default 0
   */
  ttftMsStd?: number;
  /**
   * Mean gap between consecutive tokens in milliseconds.
   * @default 10
   */
  itlMs?: number;
  /**
   * Standard deviation of each inter-token gap (normal jitter, truncated at 0).
   * @default 0
   */
  itlMsStd?: number;
  /**
   * Mean output length in tokens, used when the request does not fix the length.
   * @default 128
   */
  outputTokens?: number;
  /**
   * Standard deviation of the output length (normal jitter, rounded, at least 1 token).
   * @default 0
   */
  outputTokensStd?: number;
  /**
   * Seed of the generator that draws the jitter, so that runs are reproducible.
   * @default 42
   */
  seed?: number;
  /**
   * Interface to listen on.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Port to listen on; 0 picks a free one (read it from `MockServer.port`).
   * @default 0
   */
  port?: number;
  /**
   * The model's context length, stated by `/tokenize` and `/v1/models` as vLLM's
   * `max_model_len` (`--max-model-len`).
   * @default 32768
   */
  maxModelLen?: number;
  /**
   * Tokenizer that counts prompt tokens and produces the output, so that a client using the
   * same tokenizer re-counts exactly `usage.completion_tokens` from the streamed text.
   * @default the built-in word tokenizer
   */
  tokenizer?: Tokenizer;
  /**
   * Faults to inject into generation requests, by request index or by seeded probability; see
   * {@link FaultSpec}. The first fault that hits a request wins.
   * @default []
   */
  faults?: readonly FaultSpec[];
  /**
   * Transcript mode: answer every generation request by replaying this recorded response with
   * its timing (read fixture files with `loadTranscript`). Faults and pacing do not apply.
   */
  transcript?: Transcript;
  /**
   * Simulate a serving engine: batch slots, a FIFO queue, prefill and decode steps, so that
   * latency grows with load and throughput levels off. `true` uses defaults calibrated to
   * Qwen2.5-0.5B-Instruct on one NVIDIA L4; an object overrides some of them. The engine then
   * decides every token's time: `ttftMs`, `itlMs` and their jitter do not apply.
   * @default false
   */
  simulate?: boolean | SimulatorOptions;
  /**
   * Run the server in a worker thread of its own, so that a client in this process never shares
   * its event loop: the server's work no longer delays the client's timestamps. A tokenizer
   * object cannot cross threads: give `tokenizerPath` instead (or neither, for the word
   * tokenizer).
   * @default false
   */
  worker?: boolean;
  /**
   * A local path to a tokenizer.json file, or a folder holding one, that the server loads (in
   * its worker too); instead of `tokenizer`.
   */
  tokenizerPath?: string;
}

/** {@link MockServerOptions} with defaults applied and values checked. */
export interface ResolvedMockServerOptions extends PacingParameters {
  model: string;
  host: string;
  port: number;
  maxModelLen: number;
  tokenizer: Tokenizer;
  faults: ResolvedFault[];
  transcript: ResolvedTranscript | undefined;
}

/** The defaults of {@link MockServerOptions}, in one place. */
export const MOCK_SERVER_DEFAULTS = {
  model: 'mock-model',
  ttftMs: 50,
  ttftMsStd: 0,
  itlMs: 10,
  itlMsStd: 0,
  outputTokens: 128,
  outputTokensStd: 0,
  seed: 42,
  host: '127.0.0.1',
  port: 0,
  maxModelLen: 32768,
} as const;

const d = MOCK_SERVER_DEFAULTS;
const text = (fallback: string) =>
  z
    .string()
    .refine((value) => value.trim().length > 0, {
      error: (issue) => `expected a non-empty string, received ${describeReceived(issue.input)}`,
    })
    .default(fallback);
const atLeast = (min: number, fallback: number) => z.number().min(min).default(fallback);
const count = (min: number, fallback: number) => z.number().int().min(min).default(fallback);

/**
 * The checks of every option but the fault list and the transcript (which resolve themselves),
 * with the defaults of {@link MOCK_SERVER_DEFAULTS}; the CLI flag parser reuses it through
 * `checkMockServerOptions`, so both say the same.
 */
const MockServerOptionsSchema = z.object({
  model: text(d.model),
  ttftMs: atLeast(0, d.ttftMs),
  ttftMsStd: atLeast(0, d.ttftMsStd),
  itlMs: atLeast(0, d.itlMs),
  itlMsStd: atLeast(0, d.itlMsStd),
  outputTokens: count(1, d.outputTokens),
  outputTokensStd: atLeast(0, d.outputTokensStd),
  seed: z.number().int().default(d.seed),
  host: text(d.host),
  port: z.number().int().min(0).max(65535).default(d.port),
  maxModelLen: count(1, d.maxModelLen),
  tokenizer: z
    .custom<Tokenizer>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        typeof (value as Tokenizer).encode === 'function' &&
        typeof (value as Tokenizer).decode === 'function',
      {
        error: (issue) =>
          `expected an object with encode() and decode(), received ${describeReceived(issue.input)}`,
      },
    )
    .optional(),
});

/** Applies defaults and checks every option; throws `ERR_INVALID_ARGS` naming the bad field. */
export function resolveMockServerOptions(
  options: MockServerOptions = {},
): ResolvedMockServerOptions {
  const { tokenizer, ...checked } = parseOrThrow(MockServerOptionsSchema, options, '', 'options');
  return {
    ...checked,
    tokenizer: tokenizer ?? createWordTokenizer(),
    faults: resolveFaults(options.faults),
    transcript:
      options.transcript === undefined ? undefined : resolveTranscript(options.transcript),
  };
}
