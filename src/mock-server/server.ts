import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InferbenchError } from '../errors.js';
import { resolveMockServerOptions, type MockServerOptions } from './options.js';
import { createPacingModel } from './pacing.js';
import { handleRequest, type RouteContext } from './routes.js';
import { createScheduler } from './scheduler.js';
import { createStatsRecorder, type MockServerStats } from './stats.js';
import { buildTokenPool } from './token-pool.js';
import { createFaultPicker } from './faults.js';
import { createEngineSimulator, type SimulatorStats } from './simulator.js';
import { resolveSimulatorOptions } from './simulator-options.js';
import { createVllmMetrics } from './vllm-metrics.js';
import { blockHashes } from './block-hashes.js';
import { promptTokenIds } from './prompt-token-ids.js';

/** A running mock server; `close()` it when done. */
export interface MockServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** The port it listens on (the one picked when `port` was 0). */
  readonly port: number;
  /** The interface it listens on. */
  readonly host: string;
  /** The model id it serves. */
  readonly model: string;
  /** It runs in a worker thread of its own (option `worker`), not on the caller's thread. */
  readonly inWorker: boolean;
  /** A snapshot of what it has served so far; each read returns fresh numbers. */
  readonly stats: MockServerStats;
  /** The engine simulator's counters and timer lag, when `simulate` is on; each read is fresh. */
  readonly simulator: SimulatorStats | undefined;
  /** Zeroes the counters (requests in flight stay counted as in flight). */
  resetStats(): void;
  /**
   * Stops listening, cancels every pending write, closes idle keep-alive sockets and destroys
   * active ones, so it resolves promptly even with streams open. Calling it again is harmless.
   */
  close(): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts an OpenAI-compatible mock inference server on a real socket and resolves once it
 * listens. It serves `/v1/models`, `/health`, `/v1/chat/completions` and `/v1/completions`,
 * streaming or not, pacing tokens by seeded TTFT, ITL and output-length draws; vLLM's
 * `/tokenize` and `/detokenize` with its tokenizer; and `/metrics` in Prometheus text format
 * with vLLM's metric names.
 *
 * @example
 * ```ts
 * import { createMockServer } from 'inferbench/mock-server';
 *
 * const server = await createMockServer({ ttftMs: 80, itlMs: 15, outputTokens: 64 });
 * try {
 *   const response = await fetch(`${server.url}/v1/models`);
 *   console.log(await response.json(), server.stats.requests);
 * } finally {
 *   await server.close();
 * }
 * ```
 */
export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  if (options.worker === true) {
    const { startMockServerInWorker } = await import('./worker-server.js');
    return startMockServerInWorker(options);
  }
  const resolved = resolveMockServerOptions(await withTokenizer(options));
  const simulation = resolveSimulatorOptions(options.simulate);
  const pool = buildTokenPool(resolved.tokenizer);
  const scheduler = createScheduler();
  const metrics = createVllmMetrics(
    resolved.model,
    () => {
      const state = engine?.stats();
      return state === undefined
        ? undefined
        : { running: state.running, waiting: state.waiting, kvCacheUsage: state.kvCacheUsage };
    },
    simulation,
  );
  const engine =
    simulation === undefined
      ? undefined
      : createEngineSimulator(simulation, scheduler, undefined, metrics.engine);
  if (simulation?.enablePrefixCaching === true) {
    // The first request should not pay for compiling the prompt path: run it once now.
    blockHashes(promptTokenIds(resolved.tokenizer, 'completion', pool.texts.join('')), 1);
  }
  const stats = createStatsRecorder();
  let sequence = 0;
  const context: RouteContext = {
    model: resolved.model,
    tokenizer: resolved.tokenizer,
    maxModelLen: resolved.maxModelLen,
    startedAtSeconds: Math.floor(Date.now() / 1000),
    pacing: createPacingModel(resolved),
    scheduler,
    pool,
    stats,
    nextSequence: () => sequence++,
    engine,
    prefixCaching: simulation?.enablePrefixCaching,
    metrics,
    faults:
      resolved.faults.length === 0 ? undefined : createFaultPicker(resolved.faults, resolved.seed),
    transcript: resolved.transcript,
  };
  // Nagle's algorithm would hold back small SSE frames and distort the ITL clients measure.
  const server = createServer({ noDelay: true }, (request, response) =>
    handleRequest(context, request, response),
  );
  server.on('connection', (socket) => socket.setNoDelay(true));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        new InferbenchError(
          'ERR_INVALID_ARGS',
          `port: expected a free port on ${resolved.host}, received ${resolved.port} (${error.code ?? error.message})`,
          { field: 'port', cause: error },
        ),
      );
    };
    server.once('error', onError);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', onError);
      resolve();
    });
  });

  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(resolved.host)}:${port}`,
    port,
    host: resolved.host,
    model: resolved.model,
    inWorker: false,
    get stats() {
      return stats.snapshot(scheduler.pending);
    },
    get simulator() {
      return engine?.stats();
    },
    resetStats: () => stats.reset(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        scheduler.cancelAll();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** The options with the tokenizer `tokenizerPath` names loaded into `tokenizer`. */
async function withTokenizer(options: MockServerOptions): Promise<MockServerOptions> {
  if (options.tokenizerPath === undefined) return options;
  if (options.tokenizer !== undefined) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      'tokenizerPath: expected either tokenizer or tokenizerPath, received both',
      { field: 'tokenizerPath' },
    );
  }
  const { loadHfTokenizer } = await import('../tokenizers/hf-tokenizer.js');
  return { ...options, tokenizer: await loadHfTokenizer(options.tokenizerPath) };
}

/**
 * Checks mock server options without starting a server: every numeric and text option against
 * its rule, and the simulator options. A CLI or a config loader can report a bad value before
 * anything listens.
 *
 * @throws InferbenchError `ERR_INVALID_ARGS` naming the option, e.g.
 *   `ttftMs: expected a number >= 0, received -1` or `simulate.maxBatch: …`.
 * @example
 * ```ts
 * checkMockServerOptions({ ttftMs: 80, simulate: { maxBatch: 8 } });
 * ```
 */
export function checkMockServerOptions(options: MockServerOptions): void {
  resolveMockServerOptions(options);
  resolveSimulatorOptions(options.simulate);
}
