import { isAbsolute, join } from 'node:path';
import { InferbenchError } from '../errors.js';
import { describeReceived } from '../internal/messages.js';
import { pathExists } from '../hub/cache.js';
import { HubError } from '../hub/errors.js';
import type { HubClientOptions, HubDownloadProgress } from '../hub/hub-client.js';
import { parseRepoSpec } from '../hub/repo.js';
import type { HubEnv } from '../hub/settings.js';
import type { ServerTokenizer, Tokenizer } from '../spec/tokenizer.js';
import { loadHfTokenizer } from './hf-tokenizer.js';
import type { TokenizerSource } from './tokenizer-info.js';
import { loadHubTokenizer } from './hub-tokenizer.js';
import { probeServerTokenizer } from './probe-server-tokenizer.js';
import { createWordTokenizer } from './word-tokenizer.js';

/** The run's tokenizer and its provenance, as the report records it. */
export type ResolvedTokenizer =
  | {
      /** A local file, the Hugging Face cache, a fresh Hub download, the word tokenizer, or a user's object. */
      source: Exclude<TokenizerSource, 'server'>;
      tokenizer: Tokenizer;
      /** The path, Hub repository id, `word`, or the object's name. */
      id: string;
      /** The Hub commit the files came from (`cache` and `hub` only). */
      revision: string | undefined;
    }
  | {
      source: 'server';
      tokenizer: ServerTokenizer;
      /** The served model whose tokenizer the server applies. */
      id: string;
      revision: undefined;
    };

/** The target, for its own tokenizer. */
export interface TokenizerServerTarget {
  /** Base URL of the inference server. */
  target: string;
  /** The served model id. */
  model?: string | undefined;
  apiKey?: string | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  /** Skip TLS verification (the run's `insecure`). */
  insecure?: boolean | undefined;
  /** A PEM file of CA certificates to trust (the run's `caCertFile`). */
  caCertFile?: string | undefined;
}

/** A warning for the run's event stream. */
export interface TokenizerWarning {
  code: string;
  message: string;
}

/** Everything {@link resolveTokenizer} decides from; nothing is read from globals. */
export interface TokenizerResolutionInput {
  /**
   * The `tokenizer` argument: a `tokenizer.json` path or a folder holding one, a Hub model id
   * (`org/name`, optionally `org/name@revision`), `server` (the target's own `/tokenize`),
   * `word`, a {@link Tokenizer}, or nothing for the target's model.
   */
  spec?: string | Tokenizer | undefined;
  /** The Hub revision (branch, tag or commit), when not given as `org/name@revision`. */
  revision?: string | undefined;
  /** Model ids the target named, preferred first: the model requested, then vLLM's `root`. */
  modelIds?: ReadonlyArray<string | undefined> | undefined;
  /** The target, for the server's own tokenizer; absent: never asked. */
  server?: TokenizerServerTarget | undefined;
  /** Environment for the Hub settings (`HF_TOKEN`, `HF_ENDPOINT`, `HF_HUB_OFFLINE`, …). */
  env?: HubEnv | undefined;
  /** Hub settings that replace the environment's (tests, embedding applications). */
  hub?: HubClientOptions['settings'];
  /** Receives warnings, notably the loud one when only the word tokenizer is left. */
  warn?: ((warning: TokenizerWarning) => void) | undefined;
  /** Receives Hub download progress. */
  onDownloadProgress?: ((progress: HubDownloadProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

const FIELD = 'tokenizer';

function tokenizerError(message: string, cause?: unknown): InferbenchError {
  return new InferbenchError('ERR_TOKENIZER', `tokenizer: ${message}`, {
    field: FIELD,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Strings that can only mean a local path, never a Hub id. */
function looksLikePath(spec: string): boolean {
  return (
    /^(\.{1,2}|~)?[/\\]/.test(spec) ||
    spec.startsWith('.') ||
    spec.includes('\\') ||
    spec.endsWith('.json') ||
    spec.split('/').length > 2
  );
}

function hubOptions(input: TokenizerResolutionInput): HubClientOptions {
  return {
    env: input.env ?? process.env,
    settings: input.hub,
    signal: input.signal,
    onProgress: input.onDownloadProgress,
  };
}

async function fromHub(
  id: string,
  revision: string | undefined,
  input: TokenizerResolutionInput,
): Promise<ResolvedTokenizer> {
  const loaded = await loadHubTokenizer(id, revision, hubOptions(input));
  return { source: loaded.from, tokenizer: loaded.tokenizer, id, revision: loaded.commit };
}

async function fromServer(
  input: TokenizerResolutionInput,
): Promise<{ resolved: ResolvedTokenizer } | { reason: string }> {
  const { server } = input;
  if (server === undefined) return { reason: 'no target to ask' };
  const probe = await probeServerTokenizer({
    target: server.target,
    model: server.model,
    apiKey: server.apiKey,
    headers: server.headers,
    insecure: server.insecure,
    caCertFile: server.caCertFile,
    signal: input.signal,
  });
  if (probe.tokenizer === undefined) return { reason: probe.reason };
  return {
    resolved: {
      source: 'server',
      tokenizer: probe.tokenizer,
      id: server.model ?? probe.tokenizer.url,
      revision: undefined,
    },
  };
}

function word(): ResolvedTokenizer {
  return { source: 'word', tokenizer: createWordTokenizer(), id: 'word', revision: undefined };
}

async function resolveSpec(
  spec: string,
  input: TokenizerResolutionInput,
): Promise<ResolvedTokenizer> {
  if (spec === 'word') return word();
  if (spec === 'server') {
    const found = await fromServer(input);
    if ('resolved' in found) return found.resolved;
    throw tokenizerError(`"server" asks the target for its tokenizer, but ${found.reason}`);
  }
  if (await pathExists(spec)) {
    return {
      source: 'file',
      tokenizer: await loadHfTokenizer(spec),
      id: spec,
      revision: undefined,
    };
  }
  const repo = looksLikePath(spec) ? undefined : parseRepoSpec(spec);
  if (repo === undefined) {
    throw tokenizerError(
      `expected a tokenizer.json file or a folder holding one, a Hugging Face model id (org/name or org/name@revision), "server" or "word", received ${describeReceived(spec)} (no such file or folder)`,
    );
  }
  if (
    repo.revision !== undefined &&
    input.revision !== undefined &&
    repo.revision !== input.revision
  ) {
    throw tokenizerError(
      `the revision is given twice and differently: ${JSON.stringify(repo.revision)} in ${describeReceived(spec)} and tokenizerRevision ${JSON.stringify(input.revision)}`,
    );
  }
  try {
    return await fromHub(repo.id, repo.revision ?? input.revision, input);
  } catch (error) {
    if (error instanceof HubError) throw tokenizerError(error.message, error);
    throw error;
  }
}

/** Tries the target's model ids: a local folder vLLM loaded from, else the cache or the Hub. */
async function fromModelIds(
  input: TokenizerResolutionInput,
  tried: string[],
): Promise<ResolvedTokenizer | undefined> {
  const ids = [
    ...new Set((input.modelIds ?? []).filter((id): id is string => id !== undefined && id !== '')),
  ];
  for (const id of ids) {
    if (isAbsolute(id)) {
      if (await pathExists(join(id, 'tokenizer.json'))) {
        return { source: 'file', tokenizer: await loadHfTokenizer(id), id, revision: undefined };
      }
      tried.push(`${id}: no tokenizer.json in that folder on this machine`);
      continue;
    }
    // Only org/name: a bare served name ("my-llama") is far more often an alias than a Hub id.
    const repo = id.includes('/') ? parseRepoSpec(id) : undefined;
    if (repo === undefined) {
      tried.push(`${id}: not a Hugging Face model id`);
      continue;
    }
    try {
      return await fromHub(repo.id, repo.revision ?? input.revision, input);
    } catch (error) {
      input.signal?.throwIfAborted();
      const reason = error instanceof Error ? error.message : String(error);
      tried.push(`${id} from the Hugging Face cache or Hub: ${reason}`);
    }
  }
  return undefined;
}

/**
 * Decides the run's tokenizer. With a `spec`, exactly that one (or a clear `ERR_TOKENIZER`).
 * Without, the target's own model, as GuideLLM does: its id (and vLLM's `root`) from the
 * Hugging Face cache or the Hub; then the server's own tokenizer endpoint; and only then the
 * word tokenizer, with a loud `TOKENIZER_APPROXIMATE` warning that says what was tried.
 *
 * @example
 * ```ts
 * const resolved = await resolveTokenizer({
 *   modelIds: ['Qwen/Qwen3-0.6B'],
 *   server: { target: 'http://localhost:8000', model: 'Qwen/Qwen3-0.6B' },
 *   warn: (warning) => console.warn(warning.message),
 * });
 * resolved.source; // 'cache' | 'hub' | 'server' | 'word' …
 * ```
 * @throws InferbenchError `ERR_TOKENIZER` (field `tokenizer`) when a given spec cannot be used.
 */
export async function resolveTokenizer(
  input: TokenizerResolutionInput,
): Promise<ResolvedTokenizer> {
  const { spec } = input;
  if (typeof spec === 'object')
    return { source: 'custom', tokenizer: spec, id: spec.name, revision: undefined };
  if (spec !== undefined) return resolveSpec(spec, input);
  const tried: string[] = [];
  const fromModel = await fromModelIds(input, tried);
  if (fromModel !== undefined) return fromModel;
  const fromTarget = await fromServer(input);
  if ('resolved' in fromTarget) return fromTarget.resolved;
  tried.push(`the server's tokenizer: ${fromTarget.reason}`);
  input.warn?.({
    code: 'TOKENIZER_APPROXIMATE',
    message: `no tokenizer for the target's model, so prompt lengths are APPROXIMATE (built-in word tokenizer, not the model's tokens). Tried: ${tried.join('; ')}. Pass tokenizer (a tokenizer.json, a Hub model id) or set HF_TOKEN for a gated model`,
  });
  return word();
}
