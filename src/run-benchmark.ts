import { DEFAULTS } from './args/defaults.js';
import { describeData } from './args/describe-data.js';
import { parseArgs } from './args/parse-args.js';
import { resolveBackend } from './args/resolve-backend.js';
import { requireRunBound, resolveConstraints } from './args/resolve-constraints.js';
import { isCustomDataSource, resolveDataSource } from './args/resolve-data.js';
import { checkWorkersTakeData } from './args/workers-data-check.js';
import { isUnlistedModel, preflightTarget } from './args/preflight.js';
import { provenanceOf } from './data/data-provenance.js';
import { createSentDataDigest } from './data/sent-data-digest.js';
import { resolveProfile } from './args/resolve-profile.js';
import { resolveReplayData } from './args/resolve-replay-data.js';
import { resolveServerMetrics } from './args/resolve-server-metrics.js';
import {
  resolveGivenTokenizer,
  resolveRunTokenizer,
  type TokenizerHooks,
} from './args/resolve-run-tokenizer.js';
import type { BenchmarkArgs, ParsedBenchmarkArgs } from './args/schema.js';
import { normalizeTransientPhase } from './args/transient-phase.js';
import { assembleReport, type RunOutcome } from './assembly/assemble-report.js';
import { BenchmarkWarnings } from './assembly/benchmark-warnings.js';
import { finishBenchmark } from './assembly/finish-benchmark.js';
import { EventBus } from './core/event-bus.js';
import { SampleFeeder } from './core/sample-feeder.js';
import type { ScheduleResult } from './core/schedule-types.js';
import { runSchedule } from './core/scheduler.js';
import type { RequestWorkers } from './core/workers/request-workers.js';
import { startRunWorkers } from './core/workers/start-run-workers.js';
import { InferbenchError } from './errors.js';
import type { BenchmarkReport } from './report/report-schema.js';
import type { Clock } from './spec/clock.js';
import type { Progress } from './spec/progress.js';
import type { ServerMetricsRun } from './server-metrics/run-collector.js';
import { shardDataSource } from './shards/shard-data.js';
import { shardShareOf } from './shards/shard-share.js';
import { waitForStart } from './shards/wait-for-start.js';

const performanceClock: Clock = { now: () => performance.now() };

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
 *
 * @group Start here
 */
export async function runBenchmark(input: BenchmarkArgs): Promise<BenchmarkReport> {
  const args = parseArgs(input);
  requireRunBound(args);
  const bus = new EventBus(sinksOf(args.progress));
  // Filled in as the run goes, so that an abort at any point still yields a report.
  const outcome: RunOutcome = {
    aborted: false,
    startedAtEpochMs: Date.now(),
    endedAtEpochMs: Date.now(),
    benchmarks: [],
    warnings: [],
  };
  // Every warning reaches the sinks at once and the report at the end.
  const warn = (code: string, message: string): void => {
    outcome.warnings.push({ code, message });
    bus.publish({ type: 'warning', code, message });
  };
  if (args.insecure) {
    warn(
      'TLS_VERIFICATION_DISABLED',
      'insecure: TLS certificates are not verified; the API key and the traffic can be intercepted',
    );
  }
  if (args.caCert !== undefined) {
    warn(
      'DEPRECATED_ARG',
      'caCert is deprecated: use caCertFile (the CLI flag --ca-cert is unchanged)',
    );
  }
  try {
    await run(args, bus, outcome, warn);
  } catch (error) {
    // An InferbenchError is a setup problem whether or not the run was aborted; anything else
    // after an abort (the abort reason, an AbortError) is the abort itself: report what we have.
    if (args.signal?.aborted !== true || error instanceof InferbenchError) throw error;
    outcome.aborted = true;
    outcome.endedAtEpochMs = Date.now();
  }
  const report = assembleReport(args, outcome);
  bus.publish({ type: 'run-end', report });
  return report;
}

/** Sets the run up, runs each benchmark the profile asks for, and records it in `outcome`. */
async function run(
  args: ParsedBenchmarkArgs,
  bus: EventBus,
  outcome: RunOutcome,
  warn: (code: string, message: string) => void,
): Promise<void> {
  const clock = args.clock ?? performanceClock;
  const hooks: TokenizerHooks = {
    warn: (warning) => warn(warning.code, warning.message),
    onDownloadProgress: (progress) => bus.publish({ type: 'download-progress', ...progress }),
    signal: args.signal,
  };
  // A given tokenizer fails before any connection, and the mock server writes with it.
  const given = await resolveGivenTokenizer(args, hooks);
  const resolved = await resolveBackend(args, given);
  const { backend, target, mock, mockServer, close } = resolved;
  let closeTokenizer: (() => Promise<void>) | undefined;
  let workers: RequestWorkers | undefined;
  let serverMetrics: ServerMetricsRun | undefined;
  try {
    // Bad data or profile args fail at once, before a connection is tried.
    // A shard offers its share of the load and sends its own slice of the data.
    const share = args.shard === undefined ? args : shardShareOf(args, args.shard);
    const resolvedData =
      args.profile === 'replay'
        ? resolveReplayData(args.data)
        : resolveDataSource(args.data, args.dataColumnMapper);
    const data =
      args.shard === undefined ? resolvedData : shardDataSource(resolvedData, args.shard);
    checkWorkersTakeData(args.workers, data);
    const profile = resolveProfile(share);
    const info = await backend.prepare(args.signal === undefined ? {} : { signal: args.signal });
    outcome.discovered = info;
    // The model and the target are checked before anything is measured: a model the target does
    // not list at once; the probe request once everything that needs no generation is settled
    // (the tokenizer, the data and whether it fits the model's context).
    const preflight = (): Promise<void> =>
      preflightTarget({
        backend,
        info,
        model: args.model,
        probe: args.probe,
        signal: args.signal,
        warn,
      });
    const unlisted = isUnlistedModel(info, args.model);
    if (unlisted) await preflight();
    const dataText = describeData(args.data, data);
    outcome.dataDescription = dataText;
    const tokenizer = await resolveRunTokenizer({ args, given, mock, target, info, data, hooks });
    closeTokenizer = () => tokenizer.close();
    outcome.tokenizer = tokenizer.info;
    await data.prepare({
      ...tokenizer.dataContext,
      seed: String(args.randomSeed),
      ...(args.signal === undefined ? {} : { signal: args.signal }),
      ...(share.maxRequests === undefined
        ? {}
        : { expectedCount: share.maxRequests * (profile.plannedBenchmarks ?? 1) }),
    });
    if (!unlisted) await preflight();
    workers = await startRunWorkers(args.workers, resolved.httpOptions, info.model);
    const digest = createSentDataDigest();
    const custom = isCustomDataSource(args.data);
    outcome.data = () => ({ ...provenanceOf(data, custom), ...digest.summary() });
    const warmup = normalizeTransientPhase(args.warmup);
    const cooldown = normalizeTransientPhase(args.cooldown);
    const serverEndpoints = await resolveServerMetrics(args, { target, warn });
    if (args.startAt !== undefined) {
      const lateMs = await waitForStart(args.startAt, args.signal);
      if (lateMs > 0) {
        warn(
          'SHARD_START_LATE',
          `startAt ${new Date(args.startAt).toISOString()} had passed by ${lateMs} ms when setup ended: this shard started late`,
        );
      }
    }
    const originMs = clock.now();
    // The server's metrics on the records' time axis: ms since the run's origin.
    serverMetrics = serverEndpoints?.start(() => clock.now() - originMs);
    const constraints = resolveConstraints(share, { serverWaiting: serverMetrics?.latestWaiting });
    outcome.startedAtEpochMs = Date.now();
    bus.publish({
      type: 'run-start',
      target: info.url,
      model: info.model,
      profile: profile.type,
      ...(profile.plannedBenchmarks === undefined
        ? {}
        : { plannedBenchmarks: profile.plannedBenchmarks }),
      data: dataText,
      tokenizer: {
        source: tokenizer.info.source,
        id: tokenizer.info.id,
        ...(tokenizer.info.revision === undefined ? {} : { revision: tokenizer.info.revision }),
      },
    });
    const benchmarkWarnings = new BenchmarkWarnings({ maxSeconds: args.maxSeconds });
    const { benchmarks } = outcome;
    for (
      let strategy = profile.next(benchmarks);
      strategy !== undefined;
      strategy = profile.next(benchmarks)
    ) {
      const index = benchmarks.length;
      const feeder = new SampleFeeder(data);
      let result: ScheduleResult;
      try {
        await feeder.fill();
        await serverMetrics?.beforeBenchmark();
        bus.publish({
          type: 'benchmark-start',
          index,
          strategy: strategy.spec,
          ...(args.maxSeconds === undefined ? {} : { maxSeconds: args.maxSeconds }),
          ...(args.maxRequests === undefined ? {} : { maxRequests: args.maxRequests }),
        });
        result = await runSchedule({
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
          maxRequests: share.maxRequests,
          warmup,
          cooldown,
          countingTokenizer: tokenizer.countingTokenizer,
          countingServer: tokenizer.countingServer,
          retainText: args.retainText,
          spill: {},
          warn,
          workers,
          onDispatch: (sample) => digest.record(sample),
        });
      } finally {
        // A file source closes its file; nothing is read past the benchmark.
        await feeder.close();
      }
      const serverWindows = await serverMetrics?.afterBenchmark(result.endMs);
      const benchmark = await finishBenchmark({
        index,
        strategy: strategy.spec,
        result,
        countingServer: tokenizer.countingServer,
        retainRequests: args.retainRequests,
        sketches: args.shard !== undefined,
        startedAtEpochMs: outcome.startedAtEpochMs,
        warmup,
        cooldown,
        slo: args.sloObjectives,
        promptExactness: {
          requestFormat: args.requestFormat,
          templateOverheadTokens: tokenizer.templateOverheadTokens,
        },
        mockServer,
        serverMetrics: serverWindows,
      });
      benchmarks.push(benchmark);
      bus.publish({ type: 'benchmark-end', benchmark });
      for (const warning of benchmarkWarnings.after(benchmark)) warn(warning.code, warning.message);
      if (result.aborted) {
        outcome.aborted = true;
        break;
      }
    }
    outcome.capacity = profile.result?.().capacity;
    outcome.endedAtEpochMs = outcome.startedAtEpochMs + (clock.now() - originMs);
  } finally {
    await workers?.close().catch(() => undefined);
    await serverMetrics?.stop().catch(() => undefined);
    await closeTokenizer?.().catch(() => undefined);
    await close();
  }
}

function sinksOf(progress: ParsedBenchmarkArgs['progress']): Progress[] {
  if (progress === undefined) return [];
  return Array.isArray(progress) ? progress : [progress];
}
