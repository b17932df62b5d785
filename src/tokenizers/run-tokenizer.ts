import type { ScheduleResult } from '../core/scheduler.js';
import { lengthBounds, type SyntheticDataSpec } from '../data/synthetic-spec.js';
import type { TokenizerInfo } from '../report/tokenizer-schema.js';
import type { BackendInfo } from '../spec/backend.js';
import type { DataSource, DataSourceContext } from '../spec/data-source.js';
import type { ServerTokenizer, Tokenizer } from '../spec/tokenizer.js';
import type { HubDownloadProgress } from '../hub/hub-client.js';
import {
  describePromptExactness,
  summarizePromptExactness,
  type PromptExactness,
} from './prompt-exactness.js';
import {
  resolveTokenizer,
  type ResolvedTokenizer,
  type TokenizerWarning,
} from './resolve-tokenizer.js';
import {
  checkContextFit,
  countOutputTokensWithServer,
  measureTemplateOverhead,
} from './server-counting.js';
import { createWordTokenizer } from './word-tokenizer.js';

/** Callbacks a run hands the tokenizer set-up. */
export interface RunTokenizerHooks {
  warn: (warning: TokenizerWarning) => void;
  onDownloadProgress?: ((progress: HubDownloadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** What the run knows once the target answered. */
export interface RunTokenizerSetup extends RunTokenizerHooks {
  /** The `tokenizer` argument. */
  spec: string | Tokenizer | undefined;
  /** The `tokenizerRevision` argument. */
  revision: string | undefined;
  /** What {@link resolveGivenTokenizer} already resolved, if anything. */
  given: ResolvedTokenizer | undefined;
  /** The run started the mock server itself (whose tokenizer is the word tokenizer by default). */
  mock: boolean;
  /** The target's URL (the mock's, for `mock`). */
  target: string;
  apiKey?: string | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  insecure?: boolean | undefined;
  caCert?: string | undefined;
  /** What the target's `/v1/models` said. */
  info: BackendInfo;
  requestFormat: 'chat' | 'completions';
}

/** The run's tokenizer, wired for the data source, the counting and the report. */
export interface RunTokenizer {
  readonly resolved: ResolvedTokenizer;
  /** For the report's `tokenizer`. */
  readonly info: TokenizerInfo;
  /** What the data source's `prepare` gets: a local tokenizer, or the server's. */
  readonly dataContext: Pick<DataSourceContext, 'tokenizer' | 'serverTokenizer'>;
  /** The local tokenizer that counts output without usage; absent for the server and bare word cases. */
  readonly countingTokenizer: Tokenizer | undefined;
  /** Throws `ERR_INVALID_ARGS` when the longest synthetic request cannot fit the model's context. */
  checkFit(data: DataSource): void;
  /**
   * After a benchmark: counts output with the server's tokenizer where there was no usage, and
   * compares intended with server prompt counts (warning beyond the threshold).
   */
  finish(result: ScheduleResult): Promise<PromptExactness | undefined>;
  close(): Promise<void>;
}

/** A sentence of the corpus' kind, to measure the chat template's tokens with. */
const OVERHEAD_PROBE = 'The river bends twice before it reaches the old mill.';

/**
 * Resolves a `tokenizer` argument that needs no target (a path, a Hub id, `word`, an object),
 * so a bad one fails before any request; `undefined` for nothing and for `server`.
 */
export async function resolveGivenTokenizer(
  spec: string | Tokenizer | undefined,
  revision: string | undefined,
  hooks: RunTokenizerHooks,
): Promise<ResolvedTokenizer | undefined> {
  if (spec === undefined || spec === 'server') return undefined;
  return resolveTokenizer({ spec, revision, ...hooks, env: process.env });
}

function syntheticSpec(data: DataSource): SyntheticDataSpec | undefined {
  const spec = (data as { spec?: unknown }).spec;
  return typeof spec === 'object' && spec !== null && 'promptTokens' in spec
    ? (spec as SyntheticDataSpec)
    : undefined;
}

/** Sets up the run's tokenizer once the target is known (see docs/guides/tokenizers.md). */
export async function setUpRunTokenizer(setup: RunTokenizerSetup): Promise<RunTokenizer> {
  const resolved: ResolvedTokenizer =
    setup.given ??
    (setup.mock && setup.spec === undefined
      ? // The mock writes and counts with the word tokenizer: exact for it, so no warning.
        { source: 'word', tokenizer: createWordTokenizer(), id: 'word', revision: undefined }
      : await resolveTokenizer({
          spec: setup.spec,
          revision: setup.revision,
          modelIds: [setup.info.model, setup.info.root],
          server: {
            target: setup.target,
            model: setup.info.model,
            apiKey: setup.apiKey,
            headers: setup.headers,
            insecure: setup.insecure,
            caCert: setup.caCert,
          },
          env: process.env,
          warn: setup.warn,
          onDownloadProgress: setup.onDownloadProgress,
          signal: setup.signal,
        }));
  const server: ServerTokenizer | undefined =
    resolved.source === 'server' ? resolved.tokenizer : undefined;
  const local = resolved.source === 'server' ? undefined : resolved.tokenizer;
  const templateOverheadTokens =
    server !== undefined && setup.requestFormat === 'chat'
      ? await measureTemplateOverhead(server, OVERHEAD_PROBE, setup.signal)
      : undefined;
  const maxModelLen = server?.maxModelLen ?? setup.info.maxModelLen;
  const info: TokenizerInfo = { id: resolved.id, source: resolved.source };
  if (resolved.revision !== undefined) info.revision = resolved.revision;
  if (server !== undefined) info.dialect = server.dialect;
  if (maxModelLen !== undefined) info.maxModelLen = maxModelLen;
  if (templateOverheadTokens !== undefined) info.templateOverheadTokens = templateOverheadTokens;
  return {
    resolved,
    info,
    dataContext: server !== undefined ? { serverTokenizer: server } : { tokenizer: local! },
    // Word counts mean something only against the mock server, which writes words.
    countingTokenizer: resolved.source === 'word' && !setup.mock ? undefined : local,
    checkFit(data) {
      const spec = syntheticSpec(data);
      if (spec === undefined || maxModelLen === undefined) return;
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
        maxModelLen,
        statedBy: server !== undefined ? `the server's /tokenize` : `the server's /v1/models`,
        maxPromptTokens: prompt.max,
        maxOutputTokens: output?.max,
        templateOverheadTokens,
      });
    },
    async finish(result) {
      // No run signal here: after an abort, the partial benchmark still deserves its counts.
      if (server !== undefined) {
        await countOutputTokensWithServer(result.records, result.outputTexts, server);
      }
      const exactness = summarizePromptExactness(result.records, {
        requestFormat: setup.requestFormat,
        templateOverheadTokens,
      });
      const message = exactness === undefined ? undefined : describePromptExactness(exactness);
      if (message !== undefined) setup.warn({ code: 'PROMPT_TOKENS_INEXACT', message });
      return exactness;
    },
    close: async () => server?.close(),
  };
}
