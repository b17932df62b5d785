/** What a mock server has served since it started (or since `resetStats()`). */
export interface MockServerStats {
  /** Requests received, whatever their outcome. */
  requests: number;
  /** Requests by route path (`/v1/chat/completions`, `/health`, …); unknown paths count as `other`. */
  requestsByRoute: Record<string, number>;
  /** Responses by HTTP status code (`'200'`, `'404'`, …), counted when the headers are sent. */
  responsesByStatus: Record<string, number>;
  /** Generation requests answered with a stream. */
  streamedRequests: number;
  /** Content chunks written to streams (one token each). */
  streamedTokens: number;
  /** Output tokens of every generation response, streamed and not, including cut-off ones. */
  completionTokens: number;
  /** Prompt tokens of every generation request served. */
  promptTokens: number;
  /** Responses the client abandoned before they were complete. */
  aborted: number;
  /** Requests being served now. */
  inFlight: number;
  /** The most requests ever served at once. */
  maxInFlight: number;
  /** Paced writes waiting for their due time (0 once every stream has ended or been abandoned). */
  pendingWrites: number;
}

/** The mutable counters behind {@link MockServerStats}; the server hands out snapshots. */
export interface StatsRecorder {
  requestStarted(route: string): void;
  requestEnded(aborted: boolean): void;
  responded(status: number): void;
  generation(promptTokens: number, streamed: boolean): void;
  tokens(count: number, streamed: boolean): void;
  snapshot(pendingWrites: number): MockServerStats;
  reset(): void;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Creates the counters of one server. */
export function createStatsRecorder(): StatsRecorder {
  let stats = empty();

  function empty(): Omit<MockServerStats, 'pendingWrites'> {
    return {
      requests: 0,
      requestsByRoute: {},
      responsesByStatus: {},
      streamedRequests: 0,
      streamedTokens: 0,
      completionTokens: 0,
      promptTokens: 0,
      aborted: 0,
      inFlight: 0,
      maxInFlight: 0,
    };
  }

  return {
    requestStarted(route) {
      stats.requests++;
      bump(stats.requestsByRoute, route);
      stats.inFlight++;
      if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
    },
    requestEnded(aborted) {
      stats.inFlight = Math.max(0, stats.inFlight - 1);
      if (aborted) stats.aborted++;
    },
    responded(status) {
      bump(stats.responsesByStatus, String(status));
    },
    generation(promptTokens, streamed) {
      stats.promptTokens += promptTokens;
      if (streamed) stats.streamedRequests++;
    },
    tokens(count, streamed) {
      stats.completionTokens += count;
      if (streamed) stats.streamedTokens += count;
    },
    snapshot(pendingWrites) {
      return {
        ...stats,
        requestsByRoute: { ...stats.requestsByRoute },
        responsesByStatus: { ...stats.responsesByStatus },
        pendingWrites,
      };
    },
    reset() {
      // Requests in flight are still in flight; keep them so the gauge stays truthful.
      const inFlight = stats.inFlight;
      stats = empty();
      stats.inFlight = inFlight;
      stats.maxInFlight = inFlight;
    },
  };
}
