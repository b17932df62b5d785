import { describe, expect, it } from 'vitest';
import { livePhase, type LivePhaseInput } from '../../src/core/live-phase.js';

const at = (
  elapsedMs: number,
  dispatched: number,
  rest: Partial<LivePhaseInput>,
): ReturnType<typeof livePhase> =>
  livePhase({
    elapsedMs,
    dispatched,
    maxSeconds: undefined,
    maxRequests: undefined,
    warmup: undefined,
    cooldown: undefined,
    ...rest,
  });

describe('live phase of a snapshot', () => {
  it('is running without warmup or cooldown', () => {
    expect(at(0, 0, { maxSeconds: 10 })).toBe('running');
    expect(at(9999, 500, { maxSeconds: 10 })).toBe('running');
  });

  it('follows a warmup and cooldown by fraction of maxSeconds, or of maxRequests', () => {
    const byTime = { maxSeconds: 10, warmup: { fraction: 0.1 }, cooldown: { fraction: 0.2 } };
    expect(at(999, 50, byTime)).toBe('warmup');
    expect(at(1000, 50, byTime)).toBe('running');
    expect(at(8000, 50, byTime)).toBe('running');
    expect(at(8001, 50, byTime)).toBe('cooldown');
    const byCount = { maxRequests: 100, warmup: { fraction: 0.1 }, cooldown: { fraction: 0.2 } };
    expect(at(60_000, 10, byCount)).toBe('warmup');
    expect(at(60_000, 11, byCount)).toBe('running');
    expect(at(60_000, 81, byCount)).toBe('cooldown');
  });

  it('follows a warmup and cooldown in seconds', () => {
    const input = { maxSeconds: 30, warmup: { seconds: 5 }, cooldown: { seconds: 10 } };
    expect(at(4999, 1, input)).toBe('warmup');
    expect(at(5000, 1, input)).toBe('running');
    expect(at(20_001, 1, input)).toBe('cooldown');
    // No maxSeconds: when the cooldown starts is unknown.
    expect(at(1e9, 1, { warmup: { seconds: 5 }, cooldown: { seconds: 10 } })).toBe('running');
  });

  it('follows a warmup and cooldown in requests dispatched', () => {
    const input = { maxRequests: 50, warmup: { requests: 5 }, cooldown: { requests: 10 } };
    // The window starts at the dispatch of request 6 and its last 10 are cooldown.
    expect(at(0, 5, input)).toBe('warmup');
    expect(at(0, 6, input)).toBe('running');
    expect(at(0, 40, input)).toBe('running');
    expect(at(0, 41, input)).toBe('cooldown');
    expect(at(0, 41, { ...input, maxRequests: undefined })).toBe('running');
  });
});
