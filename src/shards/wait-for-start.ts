/**
 * Waits until the epoch time `startAtEpochMs` (what every shard of a run waits for, so that
 * they begin together), or until `signal` aborts; resolves with how late the wait was asked,
 * in ms (0 when the time was still ahead).
 */
export function waitForStart(
  startAtEpochMs: number,
  signal?: AbortSignal,
  now: () => number = Date.now,
): Promise<number> {
  const aheadMs = startAtEpochMs - now();
  if (aheadMs <= 0 || signal?.aborted === true) return Promise.resolve(Math.max(0, -aheadMs));
  return new Promise((resolve) => {
    // Timers fire on time or late, never early: one timer, then a check against the clock.
    const check = (): void => {
      const left = startAtEpochMs - now();
      if (left > 0) {
        timer = setTimeout(check, left);
        return;
      }
      signal?.removeEventListener('abort', onAbort);
      resolve(0);
    };
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(0);
    };
    let timer = setTimeout(check, aheadMs);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
