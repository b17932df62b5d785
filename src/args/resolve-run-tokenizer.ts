import { InferbenchError } from '../errors.js';
import { lengthBounds } from '../data/synthetic-bounds.js';
import type { SyntheticDataSpec } from '../data/synthetic-spec.js';
import type { HubDownloadProgress } from '../hub/hub-client.js';
import type { BackendInfo } from '../spec/backend.js';
import type { DataSource, DataSourceContext } from '../spec/data-source.js';
import type { ServerChatMessage, ServerTokenizer, Tokenizer } from '../spec/tokenizer.js';
import {
  resolveTokenizer,
  type ResolvedTokenizer,
  type TokenizerWarning,
} from '../tokenizers/resolve-tokenizer.js';
import { checkContextFit, measureTemplateOverhead } from '../tokenizers/server-counting.js';
import type { TokenizerInfo } from '../tokenizers/tokenizer-info.js';
import { createWordTokenizer } from '../tokenizers/word-tokenizer.js';
import { resolveApiKey } from './resolve-backend.js';
import type { ParsedBenchmarkArgs } from './schema.js';

/** A resolved tokenizer that runs in this process (not the server's). */
export type LocalTokenizer = Exclude<ResolvedTokenizer, { source: 'server' }>;

/** Where tokenizer resolution reports: warnings and Hub downloads go to the run's progress. */
export interface TokenizerHooks {
  warn: (warning: TokenizerWarning) => void;
  onDownloadProgress?: ((progress: HubDownloadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** What {@link resolveRunTokenizer} decides from, once the target has answered. */
export interface RunTokenizerInput {
  args: ParsedBenchmarkArgs;
  /** What {@link resolveGivenTokenizer} already resolved, if anything. */
  given: LocalTokenizer | undefined;
  /** The run started the mock server itself (whose tokenizer is the word tokenizer by default). */
  mock: boolean;
  /** The URL the backend targets (the mock's, for `mock`), credentials included. */
  target: string;
  /** What the target's `/v1/models` said. */
  info: BackendInfo;
  /** The run's data, checked against the model's context before any request. */
  data: DataSource;
  hooks: TokenizerHooks;
}

/** The run's tokenizer, wired for the data source, the counting and the report. */
export interface RunTokenizer {
  /** For the report's `tokenizer`. */
  readonly info: TokenizerInfo;
  /** What the data source's `prepare` gets: a local tokenizer, or the server's. */
  readonly dataContext: Pick<DataSourceContext, 'tokenizer' | 'serverTokenizer'>;
  /** The local tokenizer that counts output without usage; absent for the server and bare word cases. */
  readonly countingTokenizer: Tokenizer | undefined;
  /** The server's tokenizer, when the run counts with it. */
  readonly countingServer: ServerTokenizer | undefined;
  /** Tokens the server's chat template adds, when measured. */
  readonly templateOverheadTokens: number | undefined;
  /** Releases the server tokenizer's connections. */
  close(): Promise<void>;
}

/** A sentence of the corpus' kind, to measure the chat template's tokens with. */
const OVERHEAD_PROBE = 'The river bends twice before it reaches the old mill.';

/**
 * A conversation of the shape the run's chat requests have: synthetic data with shared
 * prefixes sends them as a system message before the user message.
 */
function overheadProbe(data: DataSource): ServerChatMessage[] {
  const user: ServerChatMessage = { role: 'user', content: OVERHEAD_PROBE };
  return syntheticSpec(data)?.prefixTokens === undefined
    ? [user]
    : [{ role: 'system', content: OVERHEAD_PROBE }, user];
}

/**
 * Resolves a `tokenizer` argument that needs no target (a path, a Hub id, `word`, an object),
 * so that a bad one fails before any connection and the mock server can write with it;
 * `undefined` for nothing and for `server`, which wait for the target.
 *
 * @throws {InferbenchError} `ERR_TOKENIZER` (field `tokenizer`) when the given one cannot be used.
 */
export async function resolveGivenTokenizer(
  args: ParsedBenchmarkArgs,
  hooks: TokenizerHooks,
): Promise<LocalTokenizer | undefined> {
  const spec = args.tokenizer;
  if (spec === undefined || spec === 'server') return undefined;
  const resolved = await resolveTokenizer({
    spec,
    revision: args.tokenizerRevision,
    ...hooks,
    env: process.env,
  });
  // Only `server` (handled above) resolves to the server's tokenizer.
  if (resolved.source === 'server') {
    await resolved.tokenizer.close();
    throw new InferbenchError(
      'ERR_INTERNAL',
      `tokenizer: expected a local tokenizer for ${JSON.stringify(spec)}, received the server's`,
    );
  }
  return resolved;
}

/**
 * Decides the run's tokenizer once the target is known (see docs/guides/tokenizers.md): the
 * given one; for the mock server without one, its word tokenizer; else the target's model from
 * the Hugging Face cache or Hub, the server's own `/tokenize`, and only then words, with a loud
 * warning. Then checks that the longest synthetic request fits the model's context, before any
 * request is sent.
 *
 * @throws {InferbenchError} `ERR_TOKENIZER` when a given tokenizer cannot be used;
 * `ERR_INVALID_ARGS` (field `data`) when the data cannot fit the model's context.
 */
export async function resolveRunTokenizer(input: RunTokenizerInput): Promise<RunTokenizer> {
  const { args, info: backendInfo, hooks } = input;
  const resolved: ResolvedTokenizer =
    input.given ??
    (input.mock && args.tokenizer === undefined
      ? // The mock writes and counts with the word tokenizer: exact for it, so no warning.
        { source: 'word', tokenizer: createWordTokenizer(), id: 'word', revision: undefined }
      : await resolveTokenizer({
          spec: args.tokenizer,
          revision: args.tokenizerRevision,
          modelIds: [backendInfo.model, backendInfo.root],
          server: {
            target: input.target,
            model: backendInfo.model,
            apiKey: resolveApiKey(args.apiKey),
            headers: args.headers,
            insecure: args.insecure,
            caCertFile: args.caCertFile,
          },
          env: process.env,
          ...hooks,
        }));
  const server = resolved.source === 'server' ? resolved.tokenizer : undefined;
  const local = resolved.source === 'server' ? undefined : resolved.tokenizer;
  try {
    const templateOverheadTokens =
      server !== undefined && args.requestFormat === 'chat'
        ? await measureTemplateOverhead(server, overheadProbe(input.data), hooks.signal)
        : undefined;
    const maxModelLen = server?.maxModelLen ?? backendInfo.maxModelLen;
    const info: TokenizerInfo = { id: resolved.id, source: resolved.source };
    if (resolved.revision !== undefined) info.revision = resolved.revision;
    if (server !== undefined) info.dialect = server.dialect;
    if (maxModelLen !== undefined) info.maxModelLen = maxModelLen;
    if (templateOverheadTokens !== undefined) info.templateOverheadTokens = templateOverheadTokens;
    if (maxModelLen !== undefined) {
      checkDataFits(input.data, {
        maxModelLen,
        statedBy: server !== undefined ? `the server's /tokenize` : `the server's /v1/models`,
        templateOverheadTokens,
      });
    }
    return {
      info,
      dataContext: server !== undefined ? { serverTokenizer: server } : { tokenizer: local! },
      // Word counts mean something against the mock server, which writes words, or when the
      // user asked for words; a fallback to words would only guess at a real model's counts.
      countingTokenizer:
        resolved.source === 'word' && !input.mock && input.given === undefined ? undefined : local,
      countingServer: server,
      templateOverheadTokens,
      close: async () => server?.close(),
    };
  } catch (error) {
    await server?.close();
    throw error;
  }
}

/** The synthetic spec behind a data source, when it has one. */
function syntheticSpec(data: DataSource): SyntheticDataSpec | undefined {
  const spec = (data as { spec?: unknown }).spec;
  return typeof spec === 'object' && spec !== null && 'promptTokens' in spec
    ? (spec as SyntheticDataSpec)
    : undefined;
}

/** Throws when the longest synthetic request, with its output budget, exceeds the context. */
function checkDataFits(
  data: DataSource,
  context: { maxModelLen: number; statedBy: string; templateOverheadTokens: number | undefined },
): void {
  const spec = syntheticSpec(data);
  if (spec === undefined) return;
  const prompt = lengthBounds(
    spec.promptTokens,
    spec.promptTokensStdev,
    spec.promptTokensMin,
    spec.promptTokensMax,
  );
  const output =
    spec.outputTokens === undefined
      ? undefined
      : lengthBounds(
          spec.outputTokens,
          spec.outputTokensStdev,
          spec.outputTokensMin,
          spec.outputTokensMax,
        );
  checkContextFit({
    ...context,
    // A shared prefix comes in front of every prompt.
    maxPromptTokens: prompt.max + (spec.prefixTokens ?? 0),
    maxOutputTokens: output?.max,
  });
}
