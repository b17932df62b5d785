import { DEFAULTS } from './args/defaults.js';
import { parseArgs } from './args/parse-args.js';
import { resolveBackend } from './args/resolve-backend.js';
import { requireRunBound, resolveConstraints } from './args/resolve-constraints.js';
import { resolveDataSource } from './args/resolve-data.js';
import { resolveProfile } from './args/resolve-profile.js';
import type { BenchmarkArgs, ParsedBenchmarkArgs } from './args/schema.js';
import { normalizeTransientPhase } from './args/transient-phase.js';
import { assembleReport, type RunOutcome } from './assembly/assemble-report.js';
import { finishBenchmark } from './assembly/finish-benchmark.js';
import { EventBus } from './core/event-bus.js';
import { SampleFeeder } from './core/sample-feeder.js';
import { runSchedule } from './core/scheduler.js';
import { InferbenchError } from './errors.js';
import type { BenchmarkReport } from './report/report-schema.js';
import type { Clock } from './spec/clock.js';
import type { Progress } from './spec/progress.js';
import type { Tokenizer } from './spec/tokenizer.js';
import { resolveTokenizer } from './tokenizers/resolve-tokenizer.js';

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
 */
export async function runBenchmark(input: BenchmarkArgs): Promise<BenchmarkReport> {
  const args = parseArgs(input);
  requireRunBound(args);
  const bus = new EventBus(sinksOf(args.progress));
  if (args.insecure) {
    bus.publish({
      type: 'warning',
      code: 'TLS_VERIFICATION_DISABLED',
      message:
        'insecure: TLS certificates are not verified; the API key and the traffic can be intercepted',
    });
  }
  // Filled in as the run goes, so that an abort at any point still yields a report.
  const outcome: RunOutcome = {
    aborted: false,
    startedAtEpochMs: Date.now(),
    endedAtEpochMs: Date.now(),
    benchmarks: [],
  };
  try {
    await run(args, bus, outcome);
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
async function run(args: ParsedBenchmarkArgs, bus: EventBus, outcome: RunOutcome): Promise<void> {
  const clock = args.clock ?? performanceClock;
  const tokenizer = await resolveTokenizer(args.tokenizer);
  const { backend, mock, mockServer, close } = await resolveBackend(args, tokenizer);
  try {
    // Bad data or profile args fail at once, before a connection is tried.
    const data = resolveDataSource(args.data);
    const profile = resolveProfile(args);
    const info = await backend.prepare(args.signal === undefined ? {} : { signal: args.signal });
    outcome.discovered = info;
    await data.prepare({
      tokenizer,
      seed: String(args.randomSeed),
      ...(args.signal === undefined ? {} : { signal: args.signal }),
      ...(args.maxRequests === undefined
        ? {}
        : { expectedCount: args.maxRequests * (profile.plannedBenchmarks ?? 1) }),
    });
    // Counting output with the default word tokenizer means something only against the mock
    // server, which writes words; against a real server the stream's parts are the better guess.
    const countingTokenizer: Tokenizer | undefined =
      args.tokenizer !== undefined || mock ? tokenizer : undefined;
    const constraints = resolveConstraints(args);
    const warmup = normalizeTransientPhase(args.warmup);
    const cooldown = normalizeTransientPhase(args.cooldown);
    const originMs = clock.now();
    outcome.startedAtEpochMs = Date.now();
    bus.publish({
      type: 'run-start',
      target: info.url,
      model: info.model,
      profile: profile.type,
      ...(profile.plannedBenchmarks === undefined
        ? {}
        : { plannedBenchmarks: profile.plannedBenchmarks }),
    });
    const { benchmarks } = outcome;
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
        countingTokenizer,
        retainText: args.retainText,
      });
      const benchmark = finishBenchmark({
        index,
        strategy: strategy.spec,
        result,
        retainRequests: args.retainRequests,
        startedAtEpochMs: outcome.startedAtEpochMs,
        warmup,
        cooldown,
        slo: args.sloObjectives,
        mockServer,
      });
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
        outcome.aborted = true;
        break;
      }
    }
    outcome.capacity = profile.result?.().capacity;
    outcome.endedAtEpochMs = outcome.startedAtEpochMs + (clock.now() - originMs);
  } finally {
    await close();
  }
}

function sinksOf(progress: ParsedBenchmarkArgs['progress']): Progress[] {
  if (progress === undefined) return [];
  return Array.isArray(progress) ? progress : [progress];
}
