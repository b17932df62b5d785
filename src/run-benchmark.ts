import { parseArgs } from './args/parse-args.js';
import { redactArgs } from './args/redact.js';
import { resolveConstraints } from './args/resolve-constraints.js';
import { isCustomDataSource, resolveDataSource } from './args/resolve-data.js';
import { resolveProfile } from './args/resolve-profile.js';
import type { BenchmarkArgs } from './args/schema.js';
import { createOpenAIHttpBackend } from './backends/openai-http.js';
import { EventBus } from './core/event-bus.js';
import { runSchedule } from './core/scheduler.js';
import { SampleFeeder } from './core/sample-feeder.js';
import { InferbenchError } from './errors.js';
import { createMockServer, type MockServer } from './mock-server/index.js';
import { buildReport, validateReport } from './report/build-report.js';
import type { Benchmark, BenchmarkReport } from './report/schema.js';
import type { Backend, BackendInfo } from './spec/backend.js';
import type { Clock } from './spec/clock.js';
import type { Progress } from './spec/progress.js';
import type { DownloadProgressEvent } from './spec/events.js';
import { resolveGivenTokenizer, setUpRunTokenizer } from './tokenizers/run-tokenizer.js';
import { finishBenchmark } from './run/finish-benchmark.js';
import { parseSlo } from './metrics/slo.js';
import { normalizeTransientPhase } from './args/transient-phase.js';
import { DEFAULTS } from './args/defaults.js';

const performanceClock: Clock = { now: () => performance.now() };

/** Options that only the library offers (not serialisable, so not part of the args schema). */
export interface RunBenchmarkHooks {
  /** Receives the run's event bus before the run starts, e.g. to subscribe to events. */
  onEventBus?: (bus: EventBus) => void;
}

/**
 * Runs a benchmark against an OpenAI-compatible server and resolves to a validated report.
 * Setup problems (bad args, unreachable target, unknown model, bad data) reject with an
 * {@link InferbenchError}; failed requests are data in the report. Aborting through
 * `args.signal` resolves with a partial report whose status is `aborted` (with no benchmarks
 * when it came during setup). `insecure: true` emits a `TLS_VERIFICATION_DISABLED` warning.
 *
 * @example
 * ```ts
 * const report = await runBenchmark({
 *   target: 'http://localhost:8000',
 *   data: 'prompt_tokens=256,output_tokens=128',
 *   profile: 'constant',
 *   rate: 10,
 *   maxSeconds: 30,
 * });
 * console.log(report.benchmarks[0]?.metrics.ttftMs.successful.percentiles.p99);
 * ```
 */
export async function runBenchmark(
  input: BenchmarkArgs,
  hooks: RunBenchmarkHooks = {},
): Promise<BenchmarkReport> {
  const args = parseArgs(input);
  if (
    args.maxSeconds === undefined &&
    args.maxRequests === undefined &&
    !isCustomDataSource(args.data)
  ) {
    throw new InferbenchError(
      'ERR_INVALID_ARGS',
      'maxSeconds: expected maxSeconds or maxRequests to bound a run over endless synthetic data, received neither',
      { field: 'maxSeconds' },
    );
  }
  const clock = args.clock ?? performanceClock;
  const sinks: Progress[] =
    args.progress === undefined
      ? []
      : Array.isArray(args.progress)
        ? args.progress
        : [args.progress];
  const bus = new EventBus(sinks);
  hooks.onEventBus?.(bus);
  if (args.insecure) {
    bus.publish({
      type: 'warning',
      code: 'TLS_VERIFICATION_DISABLED',
      message:
        'insecure: TLS certificates are not verified; the API key and the traffic can be intercepted',
    });
  }
  const cleanups: Array<() => Promise<void>> = [];
  // Declared out here so that an abort during setup or between benchmarks still yields a report.
  const setupStartedAtEpochMs = Date.now();
  const benchmarks: Benchmark[] = [];
  let discovered: BackendInfo | undefined;
  const tokenizerHooks = {
    warn: (warning: { code: string; message: string }) =>
      bus.publish({ type: 'warning', ...warning }),
    onDownloadProgress: (progress: Omit<DownloadProgressEvent, 'type'>) =>
      bus.publish({ type: 'download-progress', ...progress }),
    signal: args.signal,
  };
  try {
    const given = await resolveGivenTokenizer(
      args.tokenizer,
      args.tokenizerRevision,
      tokenizerHooks,
    );
    let target = args.target;
    let mock: MockServer | undefined;
    if (target === 'mock') {
      mock = await createMockServer({
        ...(given !== undefined && given.source !== 'server' ? { tokenizer: given.tokenizer } : {}),
        // The engine simulator, so that latency grows with load as on a real server.
        simulate: true,
        ...(typeof args.randomSeed === 'number' ? { seed: args.randomSeed } : {}),
      });
      cleanups.push(() => mock!.close());
      target = mock.url;
    }
    const backend: Backend =
      args.backend ??
      createOpenAIHttpBackend({
        target,
        ...(args.model === undefined ? {} : { model: args.model }),
        requestFormat: args.requestFormat,
        stream: args.stream,
        ...(resolveApiKey(args.apiKey) === undefined
          ? {}
          : { apiKey: resolveApiKey(args.apiKey)! }),
        ...(args.headers === undefined ? {} : { headers: args.headers }),
        ...(args.extraBody === undefined ? {} : { extraBody: args.extraBody }),
        connectTimeoutMs: args.connectTimeoutMs,
        requestTimeoutMs: args.requestTimeoutMs,
        insecure: args.insecure,
        ...(args.caCert === undefined ? {} : { caCertFile: args.caCert }),
      });
    cleanups.push(() => backend.close());
    // Bad data or profile args fail at once, before a connection is tried.
    const data = resolveDataSource(args.data);
    const profile = resolveProfile(args);
    const info = await backend.prepare(args.signal === undefined ? {} : { signal: args.signal });
    discovered = info;
    const runTokenizer = await setUpRunTokenizer({
      ...tokenizerHooks,
      spec: args.tokenizer,
      revision: args.tokenizerRevision,
      given,
      mock: mock !== undefined,
      target,
      apiKey: resolveApiKey(args.apiKey),
      headers: args.headers,
      insecure: args.insecure,
      caCert: args.caCert,
      info,
      requestFormat: args.requestFormat,
    });
    cleanups.push(() => runTokenizer.close());
    runTokenizer.checkFit(data);
    const slo = args.slo === undefined ? undefined : parseSlo(args.slo).objectives;
    const warmup = normalizeTransientPhase(args.warmup);
    const cooldown = normalizeTransientPhase(args.cooldown);
    await data.prepare({
      ...runTokenizer.dataContext,
      seed: String(args.randomSeed),
      ...(args.signal === undefined ? {} : { signal: args.signal }),
      ...(args.maxRequests === undefined
        ? {}
        : { expectedCount: args.maxRequests * (profile.plannedBenchmarks ?? 1) }),
    });
    const { countingTokenizer } = runTokenizer;
    const constraints = resolveConstraints(args);
    const originMs = clock.now();
    const startedAtEpochMs = Date.now();
    bus.publish({
      type: 'run-start',
      target: info.url,
      model: info.model,
      profile: profile.type,
      ...(profile.plannedBenchmarks === undefined
        ? {}
        : { plannedBenchmarks: profile.plannedBenchmarks }),
    });

    let aborted = false;
    for (
      let strategy = profile.next(benchmarks);
      strategy !== undefined;
      strategy = profile.next(benchmarks)
    ) {
      const index = benchmarks.length;
      const feeder = new SampleFeeder(data);
      await feeder.fill();
      bus.publish({
        type: 'benchmark-start',
        index,
        strategy: strategy.spec,
        ...(args.maxSeconds === undefined ? {} : { maxSeconds: args.maxSeconds }),
        ...(args.maxRequests === undefined ? {} : { maxRequests: args.maxRequests }),
      });
      const result = await runSchedule({
        index,
        strategy,
        backend,
        feeder,
        constraints,
        clock,
        originMs,
        signal: args.signal,
        bus,
        snapshotIntervalMs: DEFAULTS.snapshotIntervalMs,
        maxSeconds: args.maxSeconds,
        maxRequests: args.maxRequests,
        warmup,
        cooldown,
      });
      const promptExactness = await runTokenizer.finish(result);
      const benchmark = finishBenchmark({
        index,
        strategy: strategy.spec,
        result,
        countingTokenizer,
        retainRequests: args.retainRequests,
        retainText: args.retainText,
        startedAtEpochMs,
        warmup,
        cooldown,
        slo,
      });
      if (promptExactness !== undefined) benchmark.promptExactness = promptExactness;
      benchmarks.push(benchmark);
      bus.publish({ type: 'benchmark-end', benchmark });
      if (benchmark.client.clientBound) {
        bus.publish({
          type: 'warning',
          code: 'CLIENT_BOUND',
          message: `benchmark ${index}: the load generator could not keep up (${benchmark.client.clientBoundReason ?? 'see client metrics'})`,
        });
      }
      if (result.aborted) {
        aborted = true;
        break;
      }
    }

    const report = validateReport({
      ...buildReport({
        status: aborted ? 'aborted' : 'completed',
        stopReason: aborted ? 'aborted' : (benchmarks.at(-1)?.stopReason ?? 'completed'),
        startedAtEpochMs,
        endedAtEpochMs: startedAtEpochMs + (clock.now() - originMs),
        args: { ...redactArgs(args), model: info.model, resolvedTarget: info.url },
        benchmarks,
        capacity: profile.result?.().capacity,
      }),
      tokenizer: runTokenizer.info,
    });
    bus.publish({ type: 'run-end', report });
    return report;
  } catch (error) {
    // An InferbenchError is a setup problem whether or not the run was aborted; anything else
    // after an abort (the abort reason, an AbortError) is the abort itself: report what we have.
    if (args.signal?.aborted !== true || error instanceof InferbenchError) throw error;
    const report = validateReport(
      buildReport({
        status: 'aborted',
        stopReason: 'aborted',
        startedAtEpochMs: setupStartedAtEpochMs,
        endedAtEpochMs: Date.now(),
        args: {
          ...redactArgs(args),
          ...(discovered === undefined
            ? {}
            : { model: discovered.model, resolvedTarget: discovered.url }),
        },
        benchmarks,
      }),
    );
    bus.publish({ type: 'run-end', report });
    return report;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

function resolveApiKey(fromArgs: string | undefined): string | undefined {
  // An empty variable counts as unset, as it does for the CLI's INFERBENCH_* settings.
  const fromEnv = (name: string): string | undefined =>
    process.env[name] === '' ? undefined : process.env[name];
  return fromArgs ?? fromEnv('INFERBENCH_API_KEY') ?? fromEnv('OPENAI_API_KEY');
}
