import type { Backend } from '../spec/backend.js';
import type { Strategy } from '../spec/strategy.js';

/** Connections a warm-up opens at most, whatever the strategy. */
const MAX_WARM_CONNECTIONS = 1024;

/** An open loop warms for the requests it sends in this long (ms). */
const OPEN_LOOP_WARM_MS = 100;
/** A replay's rate is the trace's, unknown here: a few connections, the rest opened as needed. */
const REPLAY_WARM_CONNECTIONS = 8;

/**
 * The connections to open before a benchmark: twice the requests the strategy keeps in flight
 * at first, its concurrency cap for a closed loop and, for an open loop, the requests of its
 * first 100 ms (within its cap). Twice, because undici keeps a connection busy for one more
 * event-loop turn after a response ends: a closed loop's next request would otherwise find its
 * connection still cooling and open another (64 streams warmed with 64 connections opened 31
 * more over 3,000 requests; warmed with 128, none). An open loop's later requests open what they
 * need and the report counts them: warming a whole second's requests left hundreds idle, and
 * their keep-alive expiring together stalled the client for up to a second 3 s into the run.
 * Never more than the benchmark's requests, nor 1,024.
 */
export function connectionsToWarm(strategy: Strategy, maxRequests?: number): number {
  const { spec, maxConcurrency } = strategy;
  const early =
    spec.type === 'constant' || spec.type === 'poisson'
      ? Math.ceil((spec.ratePerSecond * OPEN_LOOP_WARM_MS) / 1000)
      : spec.type === 'replay'
        ? REPLAY_WARM_CONNECTIONS
        : Infinity;
  const wanted = 2 * Math.max(1, Math.min(maxConcurrency, early));
  return Math.min(MAX_WARM_CONNECTIONS, wanted, Math.max(1, maxRequests ?? Infinity));
}

/**
 * Opens the backend's connections before the benchmark's clock starts: setting one up (TCP,
 * TLS) is not the server's latency. A failing warm-up is left to the requests to report.
 */
export async function warmUpConnections(
  backend: Backend,
  strategy: Strategy,
  maxRequests: number | undefined,
  signal: AbortSignal | undefined,
): Promise<void> {
  if (backend.warmUp === undefined) return;
  const connections = connectionsToWarm(strategy, maxRequests);
  try {
    await backend.warmUp(signal === undefined ? { connections } : { connections, signal });
  } catch {
    // The benchmark's requests will meet the same problem and record it.
  }
}
