import { describe, expect, it } from 'vitest';
import { runBenchmark } from '../../src/run-benchmark.js';
import { useMockServers } from '../helpers/mock-servers.js';

const mocks = useMockServers();

describe('client honesty', () => {
  it('flags a rate far above what the client can send as client-bound', async () => {
    // A million requests a second: each dispatch takes at least one turn of the event loop and
    // an HTTP request, so no machine sends 95% of that; the report must say it fell short.
    const server = await mocks.start({ worker: true, ttftMs: 0, itlMs: 0, outputTokens: 1 });
    const report = await runBenchmark({
      target: server.url,
      data: 'prompt_tokens=4,output_tokens=1',
      profile: 'constant',
      rate: 1_000_000,
      maxRequests: 300,
    });
    const client = report.benchmarks[0]!.client;
    expect(client.targetRatePerSecond).toBe(1_000_000);
    expect(client.achievedRatePerSecond).toBeLessThan(0.95 * 1_000_000);
    expect(client.clientBound).toBe(true);
    expect(client.clientBoundReason).toMatch(/achieved [\d.]+ requests\/s < 95% of the scheduled/);
  });
});
