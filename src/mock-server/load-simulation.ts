import seedrandom from 'seedrandom';
import { createEngineSimulator, type EngineListener, type SimulatorStats } from './simulator.js';
import type { ResolvedSimulatorOptions } from './simulator-options.js';
import { createVirtualClock } from './virtual-clock.js';

/** A load to drive the engine simulator with, in simulated time. */
export interface SimulatedLoad {
  /**
   * `synchronous`: one request at a time; `concurrent`: `streams` requests at a time, all
   * starting at 0 (`throughput` in inferbench and GuideLLM); `constant`: one request every
   * `1 / ratePerSecond` seconds; `poisson`: arrivals at `ratePerSecond` with exponential gaps
   * from a seeded generator.
   */
  profile: 'synchronous' | 'concurrent' | 'constant' | 'poisson';
  streams?: number;
  ratePerSecond?: number;
  /** Length of the benchmark; requests still unfinished then are dropped. */
  durationMs: number;
  promptTokens: number;
  outputTokens: number;
  /** Token ids of request `index`'s prompt (for prefix caching); none by default. */
  promptTokenIds?: (index: number) => readonly number[];
  /** Client–server round trip added to every request (half each way), in ms. @default 0 */
  roundTripMs?: number;
}

/** One request of a simulated load, on the client's clock (ms since the start). */
export interface SimulatedRequest {
  dispatchedMs: number;
  firstTokenMs: number | undefined;
  /** Every token's arrival at the client. */
  tokenMs: number[];
  /** Arrival of the last token; undefined while unfinished. */
  endedMs: number | undefined;
}

/** What a simulated load measured, computed the way inferbench's report does. */
export interface SimulatedLoadResult {
  requests: SimulatedRequest[];
  /** Finished requests per second of the benchmark. */
  requestsPerSecond: number;
  /** TTFT of the finished requests. */
  ttftMs: { median: number; mean: number };
  /** Per-request `(last − first) / (tokens − 1)` of the finished requests (GuideLLM's "ITL"). */
  tpotMs: { median: number; mean: number };
  /** The engine's counters at the end. */
  engine: SimulatorStats;
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  return (sorted[Math.floor(middle)]! + sorted[Math.ceil(middle)]!) / 2;
}

const mean = (values: number[]): number =>
  values.length === 0 ? NaN : values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Runs `load` against a fresh engine simulator in simulated time and measures it: the way to
 * see what the simulator does over a minute of load in a few milliseconds, and how its
 * calibration is checked (docs/guides/mock-server-simulator.md).
 */
export function simulateLoad(
  options: ResolvedSimulatorOptions,
  load: SimulatedLoad,
  listener?: EngineListener,
): SimulatedLoadResult {
  const clock = createVirtualClock();
  const engine = createEngineSimulator(options, clock, () => clock.now(), listener);
  const halfTrip = (load.roundTripMs ?? 0) / 2;
  const requests: SimulatedRequest[] = [];

  function dispatch(atMs: number): void {
    if (atMs >= load.durationMs) return;
    const index = requests.length;
    const request: SimulatedRequest = {
      dispatchedMs: atMs,
      firstTokenMs: undefined,
      tokenMs: [],
      endedMs: undefined,
    };
    requests.push(request);
    clock.schedule(atMs + halfTrip, () => {
      engine.submit({
        promptTokens: load.promptTokens,
        outputTokens: load.outputTokens,
        promptTokenIds: load.promptTokenIds?.(index),
        observer: {
          scheduled() {},
          token(engineMs) {
            const at = engineMs + halfTrip;
            request.firstTokenMs ??= at;
            request.tokenMs.push(at);
          },
          finished(engineMs) {
            request.endedMs = engineMs + halfTrip;
            // A closed loop sends the next request when this one is done.
            if (load.profile === 'synchronous' || load.profile === 'concurrent') {
              dispatch(request.endedMs);
            }
          },
          aborted() {},
        },
      });
    });
  }

  const rate = load.ratePerSecond ?? 1;
  if (load.profile === 'constant') {
    for (let i = 0; i / rate < load.durationMs / 1000; i++) dispatch((i / rate) * 1000);
  } else if (load.profile === 'poisson') {
    const random = seedrandom('42');
    for (let at = 0; at < load.durationMs; at += (-Math.log(1 - random()) / rate) * 1000) {
      dispatch(at);
    }
  } else {
    const streams = load.profile === 'synchronous' ? 1 : (load.streams ?? 1);
    for (let i = 0; i < streams; i++) dispatch(0);
  }
  clock.runUntil(load.durationMs);

  const finished = requests.filter(
    (request) => request.endedMs !== undefined && request.endedMs <= load.durationMs,
  );
  const ttfts = finished.map((request) => request.firstTokenMs! - request.dispatchedMs);
  const tpots = finished
    .filter((request) => request.tokenMs.length > 1)
    .map(
      (request) => (request.tokenMs.at(-1)! - request.tokenMs[0]!) / (request.tokenMs.length - 1),
    );
  return {
    requests,
    requestsPerSecond: finished.length / (load.durationMs / 1000),
    ttftMs: { median: median(ttfts), mean: mean(ttfts) },
    tpotMs: { median: median(tpots), mean: mean(tpots) },
    engine: engine.stats(),
  };
}
