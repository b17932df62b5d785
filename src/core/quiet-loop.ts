import { performance } from 'node:perf_hooks';

/**
 * Resolves once the event loop is quiet again: `probeMs` timers fire no more than `toleranceMs`
 * late twice in a row, or `maxMs` have passed. After a benchmark cancels its requests, tearing
 * down their connections keeps the loop busy for tens of milliseconds after the last one
 * settled; the next benchmark waits for that, or its first requests would be measured late.
 */
export async function waitForQuietLoop(
  options: { maxMs?: number; probeMs?: number; toleranceMs?: number } = {},
): Promise<void> {
  const { maxMs = 1000, probeMs = 5, toleranceMs = 2 } = options;
  const deadline = performance.now() + maxMs;
  let quiet = 0;
  while (quiet < 2 && performance.now() < deadline) {
    const before = performance.now();
    await new Promise<void>((resolve) => setTimeout(resolve, probeMs));
    quiet = performance.now() - before - probeMs <= toleranceMs ? quiet + 1 : 0;
  }
}
