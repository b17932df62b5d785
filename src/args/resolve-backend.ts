import { createOpenAIHttpBackend } from '../backends/openai-http.js';
import type { OpenAIHttpBackendOptions } from '../backends/openai-http-options.js';
import type { MockServerPlacement } from '../metrics/client.js';
import type { Backend } from '../spec/backend.js';
import type { Tokenizer } from '../spec/tokenizer.js';
import type { ParsedBenchmarkArgs } from './schema.js';

/** The run's backend, and what must be closed when the run ends. */
export interface ResolvedBackend {
  backend: Backend;
  /**
   * The URL the backend targets, credentials included (the mock server's for `mock`), for
   * other clients of the same server (its tokenizer).
   */
  target: string;
  /** The target is the built-in mock server, started for this run. */
  mock: boolean;
  /** Where that mock server runs: its own worker thread, or the client's thread. */
  mockServer?: MockServerPlacement;
  /**
   * The built-in backend's options (absent for a user's `backend`), from which request worker
   * threads build backends of their own.
   */
  httpOptions?: OpenAIHttpBackendOptions;
  /** Closes the backend, then the mock server if one was started. */
  close(): Promise<void>;
}

/**
 * The API key: `apiKey` from args, else `INFERBENCH_API_KEY`, else `OPENAI_API_KEY`. An empty
 * variable counts as unset, as it does for the CLI's `INFERBENCH_*` settings.
 */
export function resolveApiKey(
  fromArgs: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const fromEnv = (name: string): string | undefined => (env[name] === '' ? undefined : env[name]);
  return fromArgs ?? fromEnv('INFERBENCH_API_KEY') ?? fromEnv('OPENAI_API_KEY');
}

/**
 * Builds the run's backend from args: the user's `backend` as it is, else the OpenAI HTTP
 * backend against `target`. `target: 'mock'` first starts the built-in mock server with its
 * engine simulator (so latency grows with load as on a real server) and the given tokenizer
 * (absent: its own word tokenizer), loaded on demand so that a run against a real server never
 * loads it. The mock runs in a worker thread of its own, so its work never delays the client's
 * timestamps; only a tokenizer that is not a local file (a Hub model's, an object), which cannot
 * cross threads, keeps it on the client's thread.
 */
export async function resolveBackend(
  args: ParsedBenchmarkArgs,
  given: { source: string; id: string; tokenizer: Tokenizer } | undefined,
): Promise<ResolvedBackend> {
  let target = args.target;
  let closeMock: (() => Promise<void>) | undefined;
  let mockServer: MockServerPlacement | undefined;
  if (args.backend === undefined && target === 'mock') {
    const { createMockServer } = await import('../mock-server/server.js');
    // The worker loads a local file itself, from the path it was resolved from.
    const placement =
      given === undefined || given.source === 'word'
        ? { worker: true }
        : given.source === 'file'
          ? { worker: true, tokenizerPath: given.id }
          : { tokenizer: given.tokenizer };
    const server = await createMockServer({
      ...placement,
      simulate: true,
      ...(typeof args.randomSeed === 'number' ? { seed: args.randomSeed } : {}),
    });
    closeMock = () => server.close();
    target = server.url;
    mockServer = server.inWorker ? 'worker-thread' : 'client-thread';
  }
  const apiKey = resolveApiKey(args.apiKey);
  const httpOptions: OpenAIHttpBackendOptions | undefined =
    args.backend === undefined
      ? {
          target,
          requestFormat: args.requestFormat,
          stream: args.stream,
          connectTimeoutMs: args.connectTimeoutMs,
          requestTimeoutMs: args.requestTimeoutMs,
          insecure: args.insecure,
          ...definedOnly({
            model: args.model,
            apiKey,
            headers: args.headers,
            extraBody: args.extraBody,
            caCertFile: args.caCertFile,
          }),
        }
      : undefined;
  const backend = args.backend ?? createOpenAIHttpBackend(httpOptions!);
  return {
    backend,
    target,
    ...(httpOptions === undefined ? {} : { httpOptions }),
    mock: closeMock !== undefined,
    ...(mockServer === undefined ? {} : { mockServer }),
    async close() {
      await backend.close().catch(() => undefined);
      await closeMock?.().catch(() => undefined);
    },
  };
}

/** `values` without its undefined entries, for options under `exactOptionalPropertyTypes`. */
function definedOnly<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}
