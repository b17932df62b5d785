/** How late a timer woke after the instants it was due, summarised in bounded memory. */
export interface TimerLag {
  /** Records one wake-up `lagMs` after its due instant. */
  record(lagMs: number): void;
  summary(): { mean: number; p99: number; max: number; count: number };
}

/** Histogram of lags: 0.1 ms bins up to 100 ms, and one overflow bin. */
const BIN_MS = 0.1;
const BINS = 1000;

/** Creates an empty {@link TimerLag}. */
export function createTimerLag(): TimerLag {
  const bins = new Uint32Array(BINS + 1);
  let count = 0;
  let sum = 0;
  let max = 0;

  function percentile(fraction: number): number {
    if (count === 0) return 0;
    const rank = Math.ceil(fraction * count);
    let seen = 0;
    for (let bin = 0; bin <= BINS; bin++) {
      seen += bins[bin]!;
      if (seen >= rank) return bin === BINS ? max : (bin + 1) * BIN_MS;
    }
    return max;
  }

  return {
    record(lagMs) {
      count++;
      sum += lagMs;
      if (lagMs > max) max = lagMs;
      bins[Math.min(BINS, Math.floor(lagMs / BIN_MS))]!++;
    },
    summary: () => ({
      mean: count === 0 ? 0 : sum / count,
      p99: percentile(0.99),
      max,
      count,
    }),
  };
}
