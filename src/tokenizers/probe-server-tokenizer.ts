import { createServerHttp, type ServerHttp, type ServerHttpOptions } from './server-http.js';
import type { ServerTokenizer } from '../spec/tokenizer.js';
import { createServerTokenizer, plausibleContext, readTgiTokens } from './server-tokenizer.js';

/** Options of {@link probeServerTokenizer}. */
export interface ServerTokenizerProbeOptions extends ServerHttpOptions {
  /** The served model id (vLLM and SGLang route tokenize calls by it). */
  model?: string | undefined;
  signal?: AbortSignal | undefined;
  /** Limit on each probe request. @default 5000 */
  probeTimeoutMs?: number | undefined;
}

/** The probe's outcome: a tokenizer, or why the server has none that inferbench speaks. */
export type ServerTokenizerProbe =
  { tokenizer: ServerTokenizer; reason?: undefined } | { tokenizer: undefined; reason: string };

const PROBE_TEXT = 'Hello world, how are you?';

function ids(value: unknown): number[] | undefined {
  return Array.isArray(value) && value.length > 0 && value.every((id) => Number.isInteger(id))
    ? (value as number[])
    : undefined;
}

/** vLLM or SGLang at `route`: both answer `{ tokens, count, max_model_len }`; detokenize tells them apart. */
async function tryVllmFamily(
  http: ServerHttp,
  route: string,
  options: ServerTokenizerProbeOptions,
  timeoutMs: number,
  failures: string[],
): Promise<ServerTokenizer | undefined> {
  const model = options.model;
  const answer = await http.post(
    route,
    { model, prompt: PROBE_TEXT, add_special_tokens: false },
    options.signal,
    timeoutMs,
  );
  const body = answer.ok
    ? (answer.body as { tokens?: unknown; max_model_len?: unknown })
    : undefined;
  const tokens = ids(body?.tokens);
  if (!answer.ok || tokens === undefined) {
    failures.push(
      `POST ${route} {prompt}: ${answer.ok ? 'no token ids in the answer' : answer.detail}`,
    );
    return undefined;
  }
  const detokenizeRoute = route.replace(/tokenize$/, 'detokenize');
  const back = await http.post(detokenizeRoute, { model, tokens }, options.signal, timeoutMs);
  const decoded = back.ok ? (back.body as { prompt?: unknown; text?: unknown }) : undefined;
  const dialect =
    typeof decoded?.prompt === 'string'
      ? 'vllm'
      : typeof decoded?.text === 'string'
        ? 'sglang'
        : undefined;
  if (dialect === undefined) {
    failures.push(`POST ${detokenizeRoute}: ${back.ok ? 'no text in the answer' : back.detail}`);
    return undefined;
  }
  return createServerTokenizer({
    dialect,
    http,
    model,
    route,
    maxModelLen: plausibleContext(body?.max_model_len),
  });
}

async function tryLlamaCpp(
  http: ServerHttp,
  options: ServerTokenizerProbeOptions,
  timeoutMs: number,
  failures: string[],
): Promise<ServerTokenizer | undefined> {
  const answer = await http.post(
    '/tokenize',
    { content: PROBE_TEXT, add_special: false },
    options.signal,
    timeoutMs,
  );
  if (!answer.ok || ids((answer.body as { tokens?: unknown } | null)?.tokens) === undefined) {
    failures.push(
      `POST /tokenize {content}: ${answer.ok ? 'no token ids in the answer' : answer.detail}`,
    );
    return undefined;
  }
  const props = await http.get('/props', options.signal, timeoutMs);
  const settings = props.ok
    ? (props.body as { n_ctx?: unknown; default_generation_settings?: { n_ctx?: unknown } } | null)
    : undefined;
  return createServerTokenizer({
    dialect: 'llama.cpp',
    http,
    maxModelLen: plausibleContext(settings?.default_generation_settings?.n_ctx ?? settings?.n_ctx),
  });
}

async function tryTgi(
  http: ServerHttp,
  options: ServerTokenizerProbeOptions,
  timeoutMs: number,
  failures: string[],
): Promise<ServerTokenizer | undefined> {
  const answer = await http.post('/tokenize', { inputs: PROBE_TEXT }, options.signal, timeoutMs);
  const tokens = answer.ok ? readTgiTokens(answer.body) : undefined;
  if (tokens === undefined || tokens.ids.length === 0) {
    failures.push(
      `POST /tokenize {inputs}: ${answer.ok ? 'no tokens in the answer' : answer.detail}`,
    );
    return undefined;
  }
  const info = await http.get('/info', options.signal, timeoutMs);
  const stated = info.ok ? (info.body as { max_total_tokens?: unknown } | null) : undefined;
  return createServerTokenizer({
    dialect: 'tgi',
    http,
    maxModelLen: plausibleContext(stated?.max_total_tokens),
  });
}

/**
 * Finds out which tokenize API the server speaks, by asking it to tokenize a short text in each
 * shape in turn: vLLM and SGLang (`POST /tokenize` with `prompt`, told apart by their
 * `/detokenize` answers), llama.cpp (`content`), TGI (`inputs`), then SGLang's `/v1/tokenize`.
 * Takes a few small requests, before any benchmark starts.
 *
 * @example
 * ```ts
 * const probe = await probeServerTokenizer({ target: 'http://localhost:8000', model: 'Qwen/Qwen3-0.6B' });
 * if (probe.tokenizer !== undefined) console.log(probe.tokenizer.dialect, probe.tokenizer.maxModelLen);
 * ```
 */
export async function probeServerTokenizer(
  options: ServerTokenizerProbeOptions,
): Promise<ServerTokenizerProbe> {
  const http = createServerHttp(options);
  const timeoutMs = options.probeTimeoutMs ?? 5000;
  const failures: string[] = [];
  try {
    const tokenizer =
      (await tryVllmFamily(http, '/tokenize', options, timeoutMs, failures)) ??
      (await tryLlamaCpp(http, options, timeoutMs, failures)) ??
      (await tryTgi(http, options, timeoutMs, failures)) ??
      (await tryVllmFamily(http, '/v1/tokenize', options, timeoutMs, failures));
    if (tokenizer !== undefined) return { tokenizer };
  } catch (error) {
    await http.close();
    throw error;
  }
  await http.close();
  return {
    tokenizer: undefined,
    reason: `no tokenize endpoint at ${http.displayUrl} (${failures.join('; ')})`,
  };
}
