import type { ServerTokenizer, ServerTokenizerDialect, ServerTokens } from '../spec/tokenizer.js';
import {
  mapLimit,
  SERVER_TOKENIZE_CONCURRENCY,
  serverTokenizerError,
  type JsonAnswer,
  type ServerHttp,
} from './server-http.js';

/** Texts per request where the server takes a list (SGLang). */
const BATCH_SIZE = 64;
/** Above this a stated context length is a placeholder (transformers' 1e30 "no limit"). */
const MAX_PLAUSIBLE_CONTEXT = 100_000_000;

function isIdList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((id) => Number.isInteger(id));
}

/** A context length, or `undefined` for absent and placeholder values. */
export function plausibleContext(value: unknown): number | undefined {
  return typeof value === 'number' &&
    Number.isInteger(value) &&
    value > 0 &&
    value < MAX_PLAUSIBLE_CONTEXT
    ? value
    : undefined;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What differs between dialects: how one batch is asked and read. */
interface DialectCalls {
  tokenizeRoute: string;
  tokenizeBatch(texts: string[]): unknown;
  readTokenize(body: unknown, count: number): ServerTokens[] | undefined;
  detokenizeRoute?: string;
  detokenizeBatch?(ids: Array<readonly number[]>): unknown;
  readDetokenize?(body: unknown, count: number): string[] | undefined;
  /** Texts per request; 1 sends one request per text. */
  batch: number;
}

function vllmCalls(model: string | undefined, route: string): DialectCalls {
  return {
    tokenizeRoute: route,
    batch: 1,
    tokenizeBatch: ([text]) => ({ model, prompt: text, add_special_tokens: false }),
    readTokenize: (body) => {
      const tokens = (body as { tokens?: unknown } | null)?.tokens;
      return isIdList(tokens) ? [{ ids: tokens }] : undefined;
    },
    detokenizeRoute: route.replace(/tokenize$/, 'detokenize'),
    detokenizeBatch: ([ids]) => ({ model, tokens: ids }),
    readDetokenize: (body) => {
      const text = (body as { prompt?: unknown } | null)?.prompt;
      return typeof text === 'string' ? [text] : undefined;
    },
  };
}

function sglangCalls(model: string | undefined, route: string): DialectCalls {
  return {
    tokenizeRoute: route,
    batch: BATCH_SIZE,
    tokenizeBatch: (texts) => ({ model, prompt: texts, add_special_tokens: false }),
    readTokenize: (body, count) => {
      const tokens = (body as { tokens?: unknown } | null)?.tokens;
      return Array.isArray(tokens) && tokens.length === count && tokens.every(isIdList)
        ? tokens.map((ids) => ({ ids }))
        : undefined;
    },
    detokenizeRoute: route.replace(/tokenize$/, 'detokenize'),
    detokenizeBatch: (ids) => ({ model, tokens: ids }),
    readDetokenize: (body, count) => {
      const text = (body as { text?: unknown } | null)?.text;
      return Array.isArray(text) &&
        text.length === count &&
        text.every((t) => typeof t === 'string')
        ? (text as string[])
        : undefined;
    },
  };
}

function llamaCppCalls(): DialectCalls {
  return {
    tokenizeRoute: '/tokenize',
    batch: 1,
    tokenizeBatch: ([text]) => ({ content: text, add_special: false }),
    readTokenize: (body) => {
      const tokens = (body as { tokens?: unknown } | null)?.tokens;
      return isIdList(tokens) ? [{ ids: tokens }] : undefined;
    },
    detokenizeRoute: '/detokenize',
    detokenizeBatch: ([ids]) => ({ tokens: ids }),
    readDetokenize: (body) => {
      const text = (body as { content?: unknown } | null)?.content;
      return typeof text === 'string' ? [text] : undefined;
    },
  };
}

/** Reads TGI's `[{ id, text, start, stop }]`; zero-width tokens are the special ones it adds. */
export function readTgiTokens(body: unknown): ServerTokens | undefined {
  if (!Array.isArray(body)) return undefined;
  const ids: number[] = [];
  const offsets: Array<[number, number]> = [];
  for (const token of body as Array<{ id?: unknown; start?: unknown; stop?: unknown }>) {
    const { id, start, stop } = token ?? {};
    if (!Number.isInteger(id) || typeof start !== 'number' || typeof stop !== 'number')
      return undefined;
    if (stop <= start) continue;
    ids.push(id as number);
    offsets.push([start, stop]);
  }
  return { ids, offsets };
}

function tgiCalls(): DialectCalls {
  return {
    tokenizeRoute: '/tokenize',
    batch: 1,
    tokenizeBatch: ([text]) => ({ inputs: text }),
    readTokenize: (body) => {
      const tokens = readTgiTokens(body);
      return tokens === undefined ? undefined : [tokens];
    },
  };
}

/** What a dialect's tokenizer is made from. */
export interface ServerTokenizerSetup {
  dialect: ServerTokenizerDialect;
  http: ServerHttp;
  /** The served model id, sent with every vLLM/SGLang call. */
  model?: string | undefined;
  /** The tokenize route that answered the probe (`/tokenize` or `/v1/tokenize`). */
  route?: string | undefined;
  maxModelLen?: number | undefined;
}

/** Builds the tokenizer of a detected dialect (see `probeServerTokenizer`). */
export function createServerTokenizer(setup: ServerTokenizerSetup): ServerTokenizer {
  const { dialect, http, model } = setup;
  const route = setup.route ?? '/tokenize';
  const calls =
    dialect === 'vllm'
      ? vllmCalls(model, route)
      : dialect === 'sglang'
        ? sglangCalls(model, route)
        : dialect === 'llama.cpp'
          ? llamaCppCalls()
          : tgiCalls();

  async function run<I, O>(
    items: readonly I[],
    routeName: string,
    ask: (batch: I[]) => unknown,
    read: (body: unknown, count: number) => O[] | undefined,
    signal: AbortSignal | undefined,
  ): Promise<O[]> {
    const batches = chunks(items, calls.batch);
    const answers = await mapLimit(batches, SERVER_TOKENIZE_CONCURRENCY, async (batch) => {
      const answer: JsonAnswer = await http.post(routeName, ask(batch), signal);
      if (!answer.ok) throw serverTokenizerError(http.displayUrl, routeName, answer.detail);
      const parsed = read(answer.body, batch.length);
      if (parsed === undefined) {
        throw serverTokenizerError(http.displayUrl, routeName, 'an answer of an unexpected shape');
      }
      return parsed;
    });
    return answers.flat();
  }

  const tokenizer: ServerTokenizer = {
    name: `server:${dialect}`,
    dialect,
    url: http.displayUrl,
    maxModelLen: setup.maxModelLen,
    tokenize: (texts, signal) =>
      run(texts, calls.tokenizeRoute, calls.tokenizeBatch, calls.readTokenize, signal),
    close: () => http.close(),
  };
  const { detokenizeRoute, detokenizeBatch, readDetokenize } = calls;
  if (
    detokenizeRoute !== undefined &&
    detokenizeBatch !== undefined &&
    readDetokenize !== undefined
  ) {
    tokenizer.detokenize = (ids, signal) =>
      run(ids, detokenizeRoute, detokenizeBatch, readDetokenize, signal);
  }
  if (dialect === 'vllm') {
    tokenizer.countChat = (conversations, signal) =>
      run(
        conversations,
        route,
        ([messages]) => ({ model, messages, add_generation_prompt: true }),
        (body) => {
          const count = (body as { count?: unknown } | null)?.count;
          return Number.isInteger(count) ? [count as number] : undefined;
        },
        signal,
      );
  }
  return tokenizer;
}
