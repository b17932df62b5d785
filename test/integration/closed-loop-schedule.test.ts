import { describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/run-benchmark.js';
import { useMockServers } from '../helpers/mock-servers.js';

const mocks = useMockServers();

describe('closed-loop requests have no schedule to fall behind', () => {
  it.each([
    ['synchronous', undefined],
    ['concurrent', 4],
    ['throughput', 8],
  ] as const)(
    '%s: scheduledAt equals dispatchedAt exactly for every request',
    async (profile, rate) => {
      const server = await mocks.start({ ttftMs: 3, itlMs: 1, outputTokens: 4 });
      const report = await runBenchmark({
        target: server.url,
        data: 'prompt_tokens=8,output_tokens=4',
        profile,
        ...(rate === undefined ? {} : { rate }),
        maxRequests: 24,
        retainRequests: true,
      });
      const benchmark = report.benchmarks[0]!;
      const requests = benchmark.requests!;
      expect(requests).toHaveLength(24);
      for (const request of requests) {
        expect(request.dispatchedAt).not.toBeNull();
        // One clock read: the same number, not two reads microseconds apart.
        expect(request.scheduledAt).toBe(request.dispatchedAt);
      }
      const { metrics } = benchmark;
      expect(metrics.dispatchLagMs.total).toMatchObject({ count: 24, min: 0, max: 0, sum: 0 });
      // Measured from the schedule or from dispatch: the same for a closed loop.
      expect(metrics.scheduledTtftMs.successful).toEqual(metrics.ttftMs.successful);
      expect(metrics.scheduledLatencyMs.successful).toEqual(metrics.requestLatencyMs.successful);
    },
  );
});
