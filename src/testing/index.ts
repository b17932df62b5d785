/**
 * Helpers for users' own tests (`inferbench/testing`): a mock server per test, an SLO assertion
 * with a message that says what failed, a benchmark against an in-process mock server, and a
 * progress sink that records what a run emits.
 *
 * @packageDocumentation
 */
import { runBenchmark } from '../run-benchmark.js';
import type { BenchmarkArgs } from '../args/schema.js';
import {
  createMockServer,
  type MockServerOptions,
  type MockServerStats,
} from '../mock-server/index.js';
import type { BenchmarkReport } from '../report/report-schema.js';
import type { RunEvent } from '../spec/events.js';
import type { Progress } from '../spec/progress.js';

export {
  assertSlo,
  SloAssertionError,
  type SloFailure,
  type SloObjectiveVerdict,
} from './assert-slo.js';
export { createMockServerFixture, type MockServerFixture } from './mock-server-fixture.js';

/** A progress sink that keeps every event it receives, in order. */
export interface RecordingProgress extends Progress {
  readonly events: RunEvent[];
}

/**
 * Creates a {@link RecordingProgress}: pass it in `progress` and assert on `events` afterwards.
 *
 * @example
 * ```ts
 * const progress = createRecordingProgress();
 * await runBenchmark({ target: 'mock', maxRequests: 5, progress: [progress] });
 * expect(progress.events.some((event) => event.type === 'benchmark-end')).toBe(true);
 * ```
 */
export function createRecordingProgress(): RecordingProgress {
  const events: RunEvent[] = [];
  const push = (event: RunEvent): void => {
    events.push(event);
  };
  return {
    events,
    onRunStart: push,
    onBenchmarkStart: push,
    onRequestEnd: push,
    onSnapshot: push,
    onBenchmarkEnd: push,
    onRunEnd: push,
    onWarning: push,
    onDownloadProgress: push,
  };
}

/** What {@link runAgainstMockServer} resolves to. */
export interface MockRunResult {
  report: BenchmarkReport;
  /** What the mock server counted, to compare with the report. */
  serverStats: MockServerStats;
}

/**
 * Starts a mock server with `mockOptions`, runs a benchmark against it, and closes it again.
 *
 * @example
 * ```ts
 * const { report } = await runAgainstMockServer({ maxRequests: 10 }, { ttftMs: 20 });
 * ```
 */
export async function runAgainstMockServer(
  args: Omit<BenchmarkArgs, 'target'>,
  mockOptions: MockServerOptions = {},
): Promise<MockRunResult> {
  const server = await createMockServer(mockOptions);
  try {
    const report = await runBenchmark({ ...args, target: server.url });
    return { report, serverStats: server.stats };
  } finally {
    await server.close();
  }
}
