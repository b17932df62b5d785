import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Sampling period of the event-loop delay monitor. */
const LOOP_DELAY_RESOLUTION_MS = 10;

/** p50, p99 and max delay of the event loop (ms). */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/** Starts measuring the event loop's delay; `stop()` ends it and says what it saw. */
export function startLoopDelayMonitor(): { stop(): LoopDelay } {
  const histogram = monitorEventLoopDelay({ resolution: LOOP_DELAY_RESOLUTION_MS });
  histogram.enable();
  // The histogram holds the time between samples, resolution included: the delay is the excess.
  const delayMs = (nanoseconds: number): number => {
    const value = nanoseconds / 1e6 - LOOP_DELAY_RESOLUTION_MS;
    return Number.isFinite(value) ? Math.max(0, value) : 0;
  };
  return {
    stop() {
      histogram.disable();
      if (histogram.count === 0) return { p50: 0, p99: 0, max: 0 };
      return {
        p50: delayMs(histogram.percentile(50)),
        p99: delayMs(histogram.percentile(99)),
        max: delayMs(histogram.max),
      };
    },
  };
}
