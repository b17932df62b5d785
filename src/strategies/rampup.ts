/**
 * Closed-loop rampup (concurrent, throughput): the `k`-th start (from 0) of the first `slots`
 * waits until `rampupMs * k / slots` after the benchmark start, so the first starts are spread
 * linearly over the rampup; later starts wait only for a free slot.
 */
export function closedLoopStartOffsetMs(k: number, slots: number, rampupMs: number): number {
  if (rampupMs <= 0 || slots <= 0 || k >= slots) return 0;
  return (rampupMs * k) / slots;
}

/**
 * Open-loop constant rate with a rampup: the rate grows linearly from 0 to `ratePerSecond` over
 * `rampupMs`, then stays there (GuideLLM's formula). With `R` the rampup in seconds and `r` the
 * rate, `N(t) = r·t² / (2R)` requests are due by `t ≤ R`, so request `i` (from 0) is due at
 * `√(2iR / r)` while `i ≤ rR/2`, and at `R + (i − rR/2) / r` after. Without a rampup request `i`
 * is due at `i / r`. Returns ms from the benchmark start.
 */
export function constantRateOffsetMs(i: number, ratePerSecond: number, rampupMs: number): number {
  if (rampupMs <= 0) return (i * 1000) / ratePerSecond;
  const rampupSeconds = rampupMs / 1000;
  const rampRequests = (ratePerSecond * rampupSeconds) / 2;
  if (i <= rampRequests) return Math.sqrt((2 * i * rampupSeconds) / ratePerSecond) * 1000;
  return rampupMs + ((i - rampRequests) * 1000) / ratePerSecond;
}
