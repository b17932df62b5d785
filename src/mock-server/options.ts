import type { PacingParameters } from './pacing.js';
import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';
import { checkNumber, type NumberRule } from './number-rule.js';
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

function checkText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `${field}: expected a non-empty string, received ${describeReceived(value)}`,
      { field },
    );
  }
  return value;
}

/** The rule of each numeric option; shared with the CLI flag parser so both say the same. */
export const MOCK_SERVER_NUMBER_RULES = {
  ttftMs: { min: 0 },
  ttftMsStd: { min: 0 },
  itlMs: { min: 0 },
  itlMsStd: { min: 0 },
  outputTokens: { min: 1, integer: true },
  outputTokensStd: { min: 0 },
  seed: { integer: true },
  port: { min: 0, max: 65535, integer: true },
  maxModelLen: { min: 1, integer: true },
} as const satisfies Record<string, NumberRule>;

/** Applies defaults and checks every option; throws `ERR_INVALID_ARGS` naming the bad field. */
export function resolveMockServerOptions(
  options: MockServerOptions = {},
): ResolvedMockServerOptions {
  const d = MOCK_SERVER_DEFAULTS;
  const r = MOCK_SERVER_NUMBER_RULES;
  const tokenizer = options.tokenizer ?? createWordTokenizer();
  if (typeof tokenizer.encode !== 'function' || typeof tokenizer.decode !== 'function') {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      `tokenizer: expected an object with encode() and decode(), received ${describeReceived(tokenizer)}`,
      { field: 'tokenizer' },
    );
  }
  return {
    model: checkText('model', options.model ?? d.model),
    ttftMs: checkNumber('ttftMs', options.ttftMs ?? d.ttftMs, r.ttftMs),
    ttftMsStd: checkNumber('ttftMsStd', options.ttftMsStd ?? d.ttftMsStd, r.ttftMsStd),
    itlMs: checkNumber('itlMs', options.itlMs ?? d.itlMs, r.itlMs),
    itlMsStd: checkNumber('itlMsStd', options.itlMsStd ?? d.itlMsStd, r.itlMsStd),
    outputTokens: checkNumber(
      'outputTokens',
      options.outputTokens ?? d.outputTokens,
      r.outputTokens,
    ),
    outputTokensStd: checkNumber(
      'outputTokensStd',
      options.outputTokensStd ?? d.outputTokensStd,
      r.outputTokensStd,
    ),
    seed: checkNumber('seed', options.seed ?? d.seed, r.seed),
    host: checkText('host', options.host ?? d.host),
    port: checkNumber('port', options.port ?? d.port, r.port),
    maxModelLen: checkNumber('maxModelLen', options.maxModelLen ?? d.maxModelLen, r.maxModelLen),
    tokenizer,
    faults: resolveFaults(options.faults),
    transcript:
      options.transcript === undefined ? undefined : resolveTranscript(options.transcript),
  };
}
